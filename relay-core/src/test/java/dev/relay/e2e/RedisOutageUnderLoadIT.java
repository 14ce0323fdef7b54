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
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * redis-server killed and restarted while the SDK sends at a steady 1,000 spans/s: every span reaches Tempo,
 * publishing resumes soon after the restart, nothing from the outage is replayed, every event is accounted for.
 */
class RedisOutageUnderLoadIT {
  @Test
  void killAndRestartRedisUnderSteadyLoad() throws Exception {
    try (TestRedis redis = TestRedis.start()) {
      assumeTrue(redis.controllable(), "needs a redis-server the test can stop and start (REDIS_URL is set)");
      try (TempoStub tempo = TempoStub.start();
          TestRelay relay = TestRelay.start(new TestConfig()
              .otlpReceiver()
              .otlpExporter("otlp", tempo)
              .redisExporter("redis", redis, """
                  routes:
                    - channel: live
                      payload:
                        n: attributes["n"]
                  """)
              .pipeline("traces", List.of("otlp"), List.of("otlp", "redis")));
          Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
        AtomicInteger next = new AtomicInteger();
        // 20 spans every 20 ms: 1,000 spans/s, each with one event the route selects.
        Runnable tick = () -> {
          for (int i = 0; i < 20; i++) {
            int n = next.getAndIncrement();
            Span span = sdk.tracer().spanBuilder("s").startSpan();
            span.addEvent("e", Attributes.of(AttributeKey.longKey("n"), (long) n));
            span.end();
          }
          sdk.flush();
        };
        long start = System.nanoTime();
        runFor(tick, start, 1000);
        redis.stopProcess();
        int firstDuringOutage = next.get();
        runFor(tick, System.nanoTime(), 1500);
        int firstAfterOutage = next.get();
        redis.startProcess();
        long restarted = System.nanoTime();
        try (RedisSubscriber sub = RedisSubscriber.channels(redis.uri(), "live")) {
          long[] resumedAfterMs = {-1};
          long until = System.nanoTime() + Duration.ofMillis(2000).toNanos();
          while (System.nanoTime() < until) {
            tick.run();
            if (resumedAfterMs[0] < 0 && !sub.messages().isEmpty()) {
              resumedAfterMs[0] = (System.nanoTime() - restarted) / 1_000_000;
            }
            sleepUntilNextTick();
          }
          int sent = next.get();
          Await.until(Duration.ofSeconds(20), "every span at Tempo", () -> tempo.spanCount() == sent);
          assertThat(resumedAfterMs[0]).as("publishing resumed after the restart").isBetween(0L, 2000L);
          System.out.println("publishing resumed " + resumedAfterMs[0] + " ms after redis-server restarted");
          // No replayed burst: nothing the subscriber got was sent while Redis was down.
          assertThat(sub.payloads()).noneMatch(p -> {
            int n = Integer.parseInt(p.replaceAll("\\D", ""));
            return n >= firstDuringOutage && n < firstAfterOutage;
          });
          // Every selected event is accounted for: published, or dropped with a reason.
          Await.until(Duration.ofSeconds(10), "all events accounted for",
              () -> relay.counter("relay.redis.published.messages")
                  + relay.counter("relay.redis.dropped.messages") == sent);
          assertThat(relay.counter("relay.redis.dropped.messages", "reason", "redis_down"))
              .isGreaterThanOrEqualTo(firstAfterOutage - firstDuringOutage - 100);
        }
      }
    }
  }

  private static void runFor(Runnable tick, long from, long millis) {
    while (System.nanoTime() - from < millis * 1_000_000) {
      tick.run();
      sleepUntilNextTick();
    }
  }

  private static void sleepUntilNextTick() {
    try {
      Thread.sleep(20); // pacing the load generator, not synchronisation
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
