package dev.relay.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.TestRedis;
import dev.relay.testing.ThreadWakeups;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Lettuce client on {@link QuietRedisEventLoops}, against a real Redis: it talks as before, its connection's
 * event loop does not wake while the connection is idle, and shutting the provider down ends the loop's thread.
 */
class QuietRedisEventLoopsTest {
  @Test
  void anIdleConnectionsLoopSleepsAndTheClientStillWorks() throws Exception {
    try (TestRedis redis = TestRedis.start()) {
      QuietRedisEventLoops loops = new QuietRedisEventLoops(2, "rq-loop");
      SleepingTimer timer = new SleepingTimer("rq-timer");
      ClientResources resources = DefaultClientResources.builder().timer(timer).eventLoopGroupProvider(loops).build();
      RedisClient client = RedisClient.create(resources);
      try (StatefulRedisConnection<String, String> c = client.connect(io.lettuce.core.RedisURI.create(redis.uri()))) {
        assertThat(c.sync().ping()).isEqualTo("PONG");
        assertThat(ThreadWakeups.names("rq-loop")).hasSize(1);
        long before = ThreadWakeups.of("rq-loop");
        // The measured window itself: Netty's own loop wakes about three times in it.
        Thread.sleep(3_200);
        assertThat(ThreadWakeups.of("rq-loop") - before).as("the idle connection's loop, over 3.2 s")
            .isLessThanOrEqualTo(1);
        assertThat(c.sync().set("k", "v")).isEqualTo("OK");
        assertThat(c.sync().get("k")).isEqualTo("v");
      } finally {
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
        assertThat(loops.shutdown(0, 2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS)).isTrue();
        timer.stop();
      }
      Await.until(Duration.ofSeconds(5), "the loop's thread to end", () -> ThreadWakeups.names("rq-loop").isEmpty());
    }
  }
}
