package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.RedisSubscriber;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedis;
import dev.relay.testing.TestRelay;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An ACL user with a password: the right one publishes; a wrong one drops (counted) and Tempo gets everything. */
class RedisAclIT {
  private static TestRedis redis;

  @BeforeAll
  static void start() {
    redis = TestRedis.start();
    assertThat(redis.cli("ACL", "SETUSER", "relay", "on", ">s3cret", "~*", "&*", "+@all")).isEqualTo("OK");
  }

  @AfterAll
  static void stop() throws Exception {
    redis.cli("ACL", "DELUSER", "relay");
    redis.close();
  }

  private static TestRelay relay(TempoStub tempo, String password) throws Exception {
    return TestRelay.start(new TestConfig()
        .otlpReceiver()
        .otlpExporter("otlp", tempo)
        .redisExporter("redis", redis, """
            username: relay
            password: ${env:REDIS_PASSWORD}
            routes:
              - channel: acl
                payload:
                  e: name
            """)
        .pipeline("traces", List.of("otlp"), List.of("otlp", "redis")), Map.of("REDIS_PASSWORD", password));
  }

  private static void send(Sdk sdk, int n) {
    for (int i = 0; i < n; i++) {
      Span span = sdk.tracer().spanBuilder("s" + i).startSpan();
      span.addEvent("e" + i, Attributes.empty());
      span.end();
    }
    sdk.flush();
  }

  @Test
  void theRightPasswordPublishes() throws Exception {
    try (TempoStub tempo = TempoStub.start(); TestRelay relay = relay(tempo, "s3cret");
        RedisSubscriber sub = RedisSubscriber.channels(redis.uri(), "acl");
        Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
      Await.until(Duration.ofSeconds(10), "a message", () -> {
        send(sdk, 1);
        return !sub.messages().isEmpty();
      });
      assertThat(sub.payloads().get(0)).startsWith("{\"e\":\"e");
    }
  }

  @Test
  void aWrongPasswordDropsAndCountsWhileTempoGetsEverySpan() throws Exception {
    try (TempoStub tempo = TempoStub.start(); TestRelay relay = relay(tempo, "wrong");
        RedisSubscriber sub = RedisSubscriber.channels(redis.uri(), "acl");
        Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
      send(sdk, 20);
      Await.until(Duration.ofSeconds(20), "every span at Tempo", () -> tempo.spanCount() == 20);
      Await.until(Duration.ofSeconds(10), "the drops counted",
          () -> relay.counter("relay.redis.dropped.messages", "reason", "redis_down") == 20);
      assertThat(sub.messages()).isEmpty();
    }
  }
}
