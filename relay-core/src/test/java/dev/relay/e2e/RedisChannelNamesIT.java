package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.RedisSubscriber;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedis;
import dev.relay.testing.TestRelay;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A templated channel fed hostile attribute values publishes nothing for them, as a {@code PSUBSCRIBE *} on a real
 * redis-server sees, and counts each exactly; a route's {@code ttl} is visible as the stream key's TTL.
 */
class RedisChannelNamesIT {
  private static final List<String> HOSTILE = List.of("*", "a b", "x\nPUBLISH luthien:call:victim forged",
      "[a-z]", "q?", "back\\slash", "tab\there", "x".repeat(1000));

  @Test
  void hostileValuesPublishNothingAndAreCountedAndStreamsExpire() throws Exception {
    try (TestRedis redis = TestRedis.start(); TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(new TestConfig()
            .otlpReceiver()
            .otlpExporter("otlp", tempo)
            .redisExporter("redis", redis, """
                routes:
                  - channel: 'luthien:call:{{ span.attributes["call"] }}'
                    payload:
                      call: span.attributes["call"]
                  - stream: 'luthien:history:{{ span.attributes["call"] }}'
                    ttl: 1h
                    payload:
                      call: span.attributes["call"]
                """)
            .pipeline("traces", List.of("otlp"), List.of("otlp", "redis")));
        RedisSubscriber everything = RedisSubscriber.patterns(redis.uri(), "*");
        Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
      for (String call : HOSTILE) {
        send(sdk, call);
      }
      send(sdk, "good-1"); // written after the hostile ones, on the same connection
      sdk.flush();
      Await.until(Duration.ofSeconds(20), "the good message", () -> everything.messages().size() == 1);
      Await.until(Duration.ofSeconds(20), "the good stream entry",
          () -> relay.counter("relay.redis.stream.entries") == 1);

      assertThat(everything.messages()).containsExactly(
          new RedisSubscriber.Message("luthien:call:good-1", "{\"call\":\"good-1\"}"));
      assertThat(relay.counter("relay.redis.dropped.messages", "reason", "channel_invalid"))
          .isEqualTo(HOSTILE.size() * 2);
      assertThat(relay.counter("relay.redis.published.messages")).isEqualTo(1);
      assertThat(redis.cli("KEYS", "*").strip()).isEqualTo("luthien:history:good-1");
      long ttl = Long.parseLong(redis.cli("TTL", "luthien:history:good-1").strip());
      assertThat(ttl).isBetween(3500L, 3600L);
    }
  }

  private static void send(Sdk sdk, String call) {
    Span span = sdk.tracer().spanBuilder("s").setAttribute("call", call).startSpan();
    span.addEvent("gateway.step");
    span.end();
  }
}
