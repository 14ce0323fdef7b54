package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis is best effort: its outages never cost a span at Tempo, and publishing resumes by itself. */
class RedisOutageIT {
  private TestRedis redis;
  private TempoStub tempo;
  private TestRelay relay;
  private Sdk sdk;
  private int sent;

  @BeforeEach
  void start() throws Exception {
    redis = TestRedis.start();
    assumeTrue(redis.controllable(), "needs a redis-server the test can stop and start (REDIS_URL is set)");
    tempo = TempoStub.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (sdk != null) {
      sdk.close();
    }
    if (relay != null) {
      relay.close();
    }
    tempo.close();
    redis.close();
  }

  private void startRelay() throws Exception {
    startRelay("""
        routes:
          - match: 'IsMatch(name, "^gateway\\\\.")'
            channel: activity
            payload:
              n: span.name
        """);
  }

  /** A relay with an otlp exporter to the stub and a redis exporter with {@code redisSettings} (its routes). */
  private void startRelay(String redisSettings) throws Exception {
    relay = TestRelay.start(new TestConfig()
        .otlpReceiver()
        .otlpExporter("otlp", tempo)
        .redisExporter("redis", redis, redisSettings)
        .pipeline("traces", List.of("otlp"), List.of("otlp", "redis")));
    sdk = new Sdk(relay.grpcPort("otlp"));
  }

  private void send(int spans) {
    for (int i = 0; i < spans; i++) {
      Span span = sdk.tracer().spanBuilder("s" + sent++).startSpan();
      span.addEvent("gateway.step", Attributes.empty());
      span.end();
    }
    sdk.flush();
  }

  /** Sends one selected event at a time until the subscriber sees one: Redis is being published to again. */
  private void awaitPublishingResumes(RedisSubscriber subscriber) {
    Await.until(Duration.ofSeconds(15), "publishing to resume", () -> {
      send(1);
      return !subscriber.messages().isEmpty();
    });
  }

  @Test
  void streamEntriesWaitOutAnOutageAndTheNewestWinWhenTheBufferFills() throws Exception {
    startRelay("""
        routes:
          - match: 'IsMatch(name, "^gateway\\\\.")'
            stream: history
            queue_size: 50
            payload:
              n: span.name
        """);
    send(5);
    Await.until(Duration.ofSeconds(20), "5 entries; counters: " + relay.meters().getMetersAsString(),
        () -> relay.counter("relay.redis.stream.entries") == 5);
    redis.stopProcess();
    send(80);
    Await.until(Duration.ofSeconds(20), "all spans at Tempo", () -> tempo.spanCount() == 85);
    // The Redis exporter has its own queue: Tempo having every span does not mean it has routed every event.
    Await.until(Duration.ofSeconds(20), "30 entries dropped from the full buffer",
        () -> relay.counter("relay.redis.dropped.messages", "reason", "queue_full") >= 30);
    assertThat(relay.counter("relay.redis.dropped.messages", "reason", "queue_full")).isEqualTo(30);
    redis.startProcess();
    // The restarted server is empty; the buffered entries arrive once it is back, the newest 50 of 80.
    Await.until(Duration.ofSeconds(20), "the buffered entries", () -> redis.cli("XLEN", "history").equals("50"));
    String first = redis.cli("XRANGE", "history", "-", "+", "COUNT", "1");
    assertThat(first).contains("{\"n\":\"s35\"}");
    String last = redis.cli("XREVRANGE", "history", "+", "-", "COUNT", "1");
    assertThat(last).contains("{\"n\":\"s84\"}");
    assertThat(relay.counter("relay.redis.dropped.messages", "reason", "redis_down")).isZero();
  }

  @Test
  void redisDownAtStartThenUp() throws Exception {
    redis.stopProcess();
    startRelay();
    send(50);
    Await.until(Duration.ofSeconds(20), "all spans at Tempo", () -> tempo.spanCount() == 50);
    Await.until(Duration.ofSeconds(10), "drops to be counted",
        () -> relay.counter("relay.redis.dropped.messages", "reason", "redis_down") == 50);

    redis.startProcess();
    try (RedisSubscriber subscriber = RedisSubscriber.channels(redis.uri(), "activity")) {
      awaitPublishingResumes(subscriber);
      assertThat(subscriber.payloads().get(0)).startsWith("{\"n\":\"s");
    }
    Await.until(Duration.ofSeconds(20), "every span at Tempo", () -> tempo.spanCount() == sent);
  }

  @Test
  void redisLostWhileRunningThenBack() throws Exception {
    startRelay();
    try (RedisSubscriber subscriber = RedisSubscriber.channels(redis.uri(), "activity")) {
      send(10);
      Await.until(Duration.ofSeconds(20), "10 messages", () -> subscriber.messages().size() == 10);
    }
    redis.stopProcess();
    send(100);
    Await.until(Duration.ofSeconds(20), "all spans at Tempo", () -> tempo.spanCount() == 110);
    Await.until(Duration.ofSeconds(10), "drops to be counted",
        () -> relay.counter("relay.redis.dropped.messages") == 100);

    redis.startProcess();
    try (RedisSubscriber subscriber = RedisSubscriber.channels(redis.uri(), "activity")) {
      awaitPublishingResumes(subscriber);
      // Nothing from the outage (spans s10..s109) is replayed: only events sent after the restart arrive.
      int seen = subscriber.messages().size();
      send(5);
      // At least 5 more: a message from the resume probe may still have been on its way when 'seen' was read.
      Await.until(Duration.ofSeconds(10), "5 more", () -> subscriber.messages().size() >= seen + 5);
      assertThat(subscriber.payloads()).noneMatch(p -> p.matches("\\{\"n\":\"s(1[0-9]|[2-9][0-9]|10[0-9])\"}"));
    }
    Await.until(Duration.ofSeconds(20), "every span at Tempo", () -> tempo.spanCount() == sent);
    assertThat(relay.counter("relay.exporter.send.failed.spans", "exporter", "otlp")).isZero();
  }
}
