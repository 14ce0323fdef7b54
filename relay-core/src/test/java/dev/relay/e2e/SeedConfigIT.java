package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.ottl.Id;
import dev.relay.testing.Await;
import dev.relay.testing.RedisSubscriber;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestRedis;
import dev.relay.testing.TestRelay;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code config/seed.yaml}, the Collector config sketched in the seed document, runs: a span sent by the real SDK
 * reaches the Tempo stand-in, and its event the Redis channel, as the redis exporter's default message.
 */
class SeedConfigIT {
  private static final Instant T = Instant.parse("2026-11-27T04:05:06.123456789Z");
  private static TestRedis redis;
  private TempoStub tempo;
  private TestRelay relay;
  private Sdk sdk;
  private RedisSubscriber subscriber;

  @BeforeAll
  static void redis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @AfterEach
  void stop() {
    if (sdk != null) {
      sdk.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (subscriber != null) {
      subscriber.close();
    }
    if (tempo != null) {
      tempo.close();
    }
  }

  /**
   * The file with only its addresses moved: the receiver to a free port, the host names to the stand-ins. Tempo's
   * gets {@code http://}: like the Collector, Relay reaches a scheme-less endpoint over TLS, and the stand-in is
   * plaintext (the file's header says so). Redis keeps the seed's scheme-less {@code host:port}.
   */
  private String seedConfig() throws Exception {
    String yaml = Files.readString(Path.of("..", "config", "seed.yaml"));
    assertThat(yaml).contains("      grpc:\n", "endpoint: tempo:4317", "endpoint: redis:6379");
    return yaml.replace("      grpc:\n", "      grpc:\n        endpoint: 127.0.0.1:0\n")
        .replace("endpoint: tempo:4317", "endpoint: http://" + tempo.endpoint())
        .replace("endpoint: redis:6379", "endpoint: " + redis.host() + ":" + redis.port());
  }

  @Test
  void theSeedConfigRuns() throws Exception {
    tempo = TempoStub.start();
    relay = TestRelay.start(seedConfig());
    sendsTheSpanToTempoAndItsEventToRedis();
  }

  /** The same file without the batch processor, which this branch does not have: the exporters as the seed has them. */
  @Test
  void theSeedExportersRunWithoutBatch() throws Exception {
    tempo = TempoStub.start();
    String yaml = seedConfig();
    String withoutBatch = yaml.replace("processors:\n  batch:\n    timeout: 100ms  # Low latency for real-time\n", "")
        .replace("      processors: [batch]\n", "");
    assertThat(withoutBatch).doesNotContain("batch");
    relay = TestRelay.start(withoutBatch);
    sendsTheSpanToTempoAndItsEventToRedis();
  }

  private void sendsTheSpanToTempoAndItsEventToRedis() throws Exception {
    subscriber = RedisSubscriber.channels(redis.uri(), "luthien:activity");
    sdk = new Sdk(relay.grpcPort("otlp"));
    Span span = sdk.tracer().spanBuilder("chat").setAttribute("luthien.call_id", "abc").startSpan();
    span.addEvent("gateway.request_received", Attributes.builder().put("model", "m").put("stream", true).build(), T);
    span.end();
    sdk.flush();

    Await.until(Duration.ofSeconds(20), "the span at Tempo", () -> tempo.spanCount() == 1);
    Await.until(Duration.ofSeconds(20), "the event in Redis", () -> subscriber.messages().size() == 1);
    var sent = tempo.spans().get(0);
    assertThat(sent.getName()).isEqualTo("chat");
    assertThat(sent.getEventsList()).extracting(e -> e.getName()).containsExactly("gateway.request_received");
    RedisSubscriber.Message message = subscriber.messages().get(0);
    assertThat(message.channel()).isEqualTo("luthien:activity");
    assertThat(message.payload()).startsWith("{\"trace_id\":\"" + Id.hex(sent.getTraceId()) + "\",\"span_id\":\""
        + Id.hex(sent.getSpanId()) + "\",\"span_name\":\"chat\",\"name\":\"gateway.request_received\","
        + "\"time\":\"2026-11-27T04:05:06.123456Z\",\"attributes\":{\"model\":\"m\",\"stream\":true},\"resource\":{");
    assertThat(relay.counter("relay.redis.dropped.messages")).isZero();
  }
}
