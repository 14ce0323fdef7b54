package dev.relay.testing;

import dev.relay.auth.Authenticators;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.YamlLoader;
import dev.relay.pipeline.PipelineGraph;
import dev.relay.receiver.otlp.OtlpReceiver;
import dev.relay.builtin.BuiltinComponents;
import dev.relay.service.RelayConfig;
import dev.relay.service.RelayConfigLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;

/** A relay running in the test JVM from YAML text, with its meters readable. */
public final class TestRelay implements AutoCloseable {
  private final PipelineGraph graph;
  private final Authenticators authenticators;
  private final Duration shutdownTimeout;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  /** Counters removed with their component at shutdown, as a last scrape would have read them. */
  private final List<Counter> removed = new CopyOnWriteArrayList<>();

  private TestRelay(String yaml, Map<String, String> env) throws Exception {
    this(new RelayConfigLoader(BuiltinComponents.all(), new YamlLoader(env::get)).parse("test.yaml", yaml));
  }

  private TestRelay(RelayConfig config) throws Exception {
    meters.config().onMeterRemoved(m -> {
      if (m instanceof Counter c) {
        removed.add(c);
      }
    });
    shutdownTimeout = config.shutdownTimeout();
    authenticators = Authenticators.start(config.authExtensions().values());
    graph = PipelineGraph.build(config.graph(), new TelemetrySettings(meters, authenticators));
    try {
      graph.start();
    } catch (Exception e) {
      authenticators.close();
      throw e;
    }
  }

  public static TestRelay start(String yaml) throws Exception {
    return new TestRelay(yaml, Map.of());
  }

  public static TestRelay start(String yaml, Map<String, String> env) throws Exception {
    return new TestRelay(yaml, env);
  }

  /**
   * A relay from {@code files} merged in order with {@code sets} ({@code key.path=value}) over them, as {@code relay
   * run --config FILE... --set ...} loads them, whose {@code ${env:NAME}} references read {@code env}.
   */
  public static TestRelay start(List<Path> files, List<String> sets, Map<String, String> env) throws Exception {
    return new TestRelay(new RelayConfigLoader(BuiltinComponents.all(), new YamlLoader(env::get)).load(files, sets));
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

  /**
   * The sum of a counter over all its tags matching {@code tags} (key, value pairs); after shutdown, as the
   * components left it when they stopped and their meters were removed.
   */
  public double counter(String name, String... tags) {
    var search = meters.find(name);
    if (tags.length > 0) {
      search = search.tags(tags);
    }
    Tags wanted = Tags.of(tags);
    double stopped = removed.stream()
        .filter(c -> c.getId().getName().equals(name) && c.getId().getTags().containsAll(wanted.stream().toList()))
        .mapToDouble(Counter::count).sum();
    return search.counters().stream().mapToDouble(c -> c.count()).sum() + stopped;
  }

  /**
   * Stops the relay as {@code relay run} does on SIGTERM: receivers first, then exporters drain for up to the
   * configured {@code service.shutdown_timeout}. Returns how long that took. {@link #close()} after it does nothing.
   */
  public Duration shutdown() {
    long start = System.nanoTime();
    graph.shutdown(shutdownTimeout);
    authenticators.close();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Override
  public void close() {
    graph.shutdown(Duration.ofSeconds(5));
    authenticators.close();
  }
}
