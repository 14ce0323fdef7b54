package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.RedisSubscriber;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedis;
import io.opentelemetry.api.trace.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged relay, through the launcher, exporting to Tempo and publishing to Redis, does not load what it does
 * not use: JFR's event metadata (which Netty's and Lettuce's JFR events make the JVM initialise), Lettuce's
 * Reactor event bus, and the synchronous and reactive command sets Lettuce makes with every connection. The JVM's own class-load log says which classes were loaded.
 */
class IdleMemoryProcessIT {
  private static final String JFR_METADATA = "jdk.jfr.internal.MetadataRepository";
  private static final List<String> NOT_LOADED = List.of(JFR_METADATA, "io.lettuce.core.event.jfr.JfrEventRecorder",
      "io.lettuce.core.event.DefaultEventBus", "reactor.core.publisher.Sinks", "io.lettuce.core.RedisReactiveCommandsImpl",
      "io.lettuce.core.api.sync.RedisCommands");

  @TempDir
  Path dir;

  @Test
  void aRelayThatExportsAndPublishesLoadsNoFlightRecorderMetadataNorLettucesUnusedParts() throws Exception {
    try (TempoStub tempo = TempoStub.start(); TestRedis redis = TestRedis.start()) {
      String loaded = exportAndPublish(tempo, redis, "");
      for (String name : NOT_LOADED) {
        assertThat(loaded).as("class-load log").doesNotContain(" " + name + " ");
      }
      assertThat(loaded).as("class-load log").contains(" io.lettuce.core.RedisClient ");
    }
  }

  @Test
  void nettysFlightRecorderEventsComeBackWhenAskedFor() throws Exception {
    try (TempoStub tempo = TempoStub.start(); TestRedis redis = TestRedis.start()) {
      String loaded = exportAndPublish(tempo, redis, "-Dio.netty.jfr.enabled=true");
      assertThat(loaded).as("class-load log").contains(" " + JFR_METADATA + " ");
    }
  }

  /** Runs the relay until one span reached Tempo and its event Redis; returns the JVM's class-load log. */
  private String exportAndPublish(TempoStub tempo, TestRedis redis, String jvmFlags) throws Exception {
    int grpc = FreePorts.next();
    Path config = Files.writeString(dir.resolve("relay.yaml"), new TestConfig()
        .receiver("otlp", "protocols:\n  grpc:\n    endpoint: 127.0.0.1:" + grpc + "\n")
        .otlpExporter("otlp/tempo", tempo)
        .redisExporter("redis", redis, "channel: activity\n")
        .admin()
        .pipeline("traces", List.of("otlp"), List.of("otlp/tempo", "redis"))
        .yaml());
    Path classLog = dir.resolve("classes.log");
    Files.deleteIfExists(classLog);
    Map<String, String> env = Map.of("RELAY_JAVA_OPTS",
        "-Xmx64m -Xlog:class+load=info:file=" + classLog + " " + jvmFlags);
    try (RelayProcess relay = RelayProcess.start(dir.resolve("relay.log"), "64m", env, "run", "--config",
        config.toString())) {
      relay.awaitStarted();
      try (RedisSubscriber sub = RedisSubscriber.channels(redis.uri(), "activity"); Sdk sdk = new Sdk(grpc)) {
        Span span = sdk.tracer().spanBuilder("chat").startSpan();
        span.addEvent("gateway.step");
        span.end();
        sdk.flush();
        Await.until(Duration.ofSeconds(20), "the event on Redis; output:\n" + relay.output(),
            () -> sub.messages().size() == 1);
        Await.until(Duration.ofSeconds(20), "the span at Tempo", () -> tempo.spanCount() == 1);
      }
      return Files.readString(classLog);
    }
  }
}
