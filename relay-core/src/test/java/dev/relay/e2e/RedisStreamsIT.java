package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.RedisSubscriber;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedis;
import dev.relay.testing.TestRelay;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routes to Redis streams (XADD, capped) and sharded channels (SPUBLISH), against a real redis-server. */
class RedisStreamsIT {
  private static final Instant T = Instant.parse("2026-11-27T04:05:06.123456789Z");
  private static TestRedis redis;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> conn;

  @BeforeAll
  static void start() {
    redis = TestRedis.start();
    client = RedisClient.create(redis.uri());
    conn = client.connect();
  }

  @AfterAll
  static void stop() throws Exception {
    conn.close();
    client.shutdown();
    redis.close();
  }

  private static TestConfig config(TempoStub tempo) {
    return new TestConfig()
        .otlpReceiver()
        .otlpExporter("otlp", tempo)
        .redisExporter("redis", redis, """
            routes:
              - match: 'IsMatch(name, "^gateway\\\\.")'
                channel: 'live:{{ span.attributes["call"] }}'
                stream: 'history:{{ span.attributes["call"] }}'
                maxlen: 50
                payload:
                  event: name
                  n: attributes["n"]
              - match: 'name == "policy.decision"'
                stream: decisions
                field: json
              - match: 'name == "policy.decision"'
                channel: sharded-decisions
                sharded: true
                payload:
                  n: attributes["n"]
            """)
        .pipeline("traces", List.of("otlp"), List.of("otlp", "redis"));
  }

  @Test
  void streamsHoldTheSameJsonAsChannelsAndStayNearMaxlen() throws Exception {
    try (TempoStub tempo = TempoStub.start(); TestRelay relay = TestRelay.start(config(tempo));
        RedisSubscriber live = RedisSubscriber.channels(redis.uri(), "live:c1");
        RedisSubscriber sharded = RedisSubscriber.sharded(redis.uri(), "sharded-decisions");
        Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
      int events = 400;
      for (int i = 0; i < events; i++) {
        Span span = sdk.tracer().spanBuilder("s" + i).setAttribute("call", "c1").startSpan();
        span.addEvent("gateway.step", Attributes.of(AttributeKey.longKey("n"), (long) i), T);
        if (i < 3) {
          span.addEvent("policy.decision", Attributes.of(AttributeKey.longKey("n"), (long) i), T);
        }
        span.end();
      }
      sdk.flush();
      Await.until(Duration.ofSeconds(20), "all live messages", () -> live.messages().size() == events);
      Await.until(Duration.ofSeconds(20), "all stream entries",
          () -> relay.counter("relay.redis.stream.entries") == events + 3);
      Await.until(Duration.ofSeconds(20), "the sharded messages", () -> sharded.messages().size() == 3);

      // A capped stream keeps at least maxlen entries and trims whole nodes (100 entries) approximately.
      long length = conn.sync().xlen("history:c1");
      assertThat(length).isBetween(50L, 150L);
      List<StreamMessage<String, String>> tail = conn.sync().xrevrange("history:c1",
          io.lettuce.core.Range.create("-", "+"), io.lettuce.core.Limit.from(2));
      assertThat(tail).extracting(StreamMessage::getBody).containsExactly(
          Map.of("event", "{\"event\":\"gateway.step\",\"n\":399}"),
          Map.of("event", "{\"event\":\"gateway.step\",\"n\":398}"));
      assertThat(live.payloads()).contains("{\"event\":\"gateway.step\",\"n\":399}");

      List<StreamMessage<String, String>> decisions = conn.sync().xrange("decisions",
          io.lettuce.core.Range.create("-", "+"));
      assertThat(decisions).hasSize(3);
      assertThat(decisions.get(0).getBody().keySet()).containsExactly("json");
      assertThat(decisions.get(0).getBody().get("json")).startsWith("{\"trace_id\":\"").contains(
          "\"name\":\"policy.decision\"", "\"attributes\":{\"n\":0}");
      assertThat(sharded.payloads()).containsExactlyInAnyOrder("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
      assertThat(relay.counter("relay.redis.dropped.messages")).isZero();
    }
  }
}
