package dev.relay.testing;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.YamlLoader;
import dev.relay.pipeline.PipelineGraph;
import dev.relay.receiver.otlp.OtlpReceiver;
import dev.relay.service.BuiltinComponents;
import dev.relay.service.RelayConfig;
import dev.relay.service.RelayConfigLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;

/** A relay running in the test JVM from YAML text, with its meters readable. */
public final class TestRelay implements AutoCloseable {
  private final PipelineGraph graph;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private TestRelay(String yaml, Map<String, String> env) throws Exception {
    RelayConfig config = new RelayConfigLoader(BuiltinComponents.all(), new YamlLoader(env::get))
        .parse("test.yaml", yaml);
    graph = PipelineGraph.build(config, new TelemetrySettings(meters));
    graph.start();
  }

  public static TestRelay start(String yaml) throws Exception {
    return new TestRelay(yaml, Map.of());
  }

  public static TestRelay start(String yaml, Map<String, String> env) throws Exception {
    return new TestRelay(yaml, env);
  }

  public static TestRelay start(TestConfig config) throws Exception {
    return new TestRelay(config.yaml(), Map.of());
  }

  /** A relay from {@code config}, whose {@code ${env:NAME}} references read {@code env}. */
  public static TestRelay start(TestConfig config, Map<String, String> env) throws Exception {
    return new TestRelay(config.yaml(), env);
  }

  public PipelineGraph graph() {
    return graph;
  }

  public SimpleMeterRegistry meters() {
    return meters;
  }

  public int grpcPort(String receiverId) {
    return ((OtlpReceiver) graph.receiver(ComponentId.parse(receiverId))).grpcPort();
  }

  public int httpPort(String receiverId) {
    return ((OtlpReceiver) graph.receiver(ComponentId.parse(receiverId))).httpPort();
  }

  /** The sum of a counter over all its tags matching {@code tags} (key, value pairs). */
  public double counter(String name, String... tags) {
    var search = meters.find(name);
    if (tags.length > 0) {
      search = search.tags(tags);
    }
    return search.counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /**
   * Stops the relay as {@code relay run} does on SIGTERM: receivers first, then exporters drain for up to the
   * configured {@code service.shutdown_timeout}. Returns how long that took. {@link #close()} after it does nothing.
   */
  public Duration shutdown() {
    long start = System.nanoTime();
    graph.shutdown();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Override
  public void close() {
    graph.shutdown(Duration.ofSeconds(5));
  }
}
