package dev.relay.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.TestRedis;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link AsyncRedisClient} with the relay's client resources ({@link SilentEventBus} among them), against a real
 * Redis: its connections write as Lettuce's own do, tell connection listeners when they open and close, and make
 * their synchronous and reactive command sets only when asked for.
 */
class AsyncRedisClientTest {
  @Test
  void connectionsWriteAsynchronouslyAndMakeTheOtherCommandSetsOnlyWhenAskedFor() throws Exception {
    try (TestRedis redis = TestRedis.start()) {
      ClientResources resources = DefaultClientResources.builder().eventBus(SilentEventBus.INSTANCE).build();
      AsyncRedisClient client = new AsyncRedisClient(resources);
      AtomicInteger connected = new AtomicInteger();
      AtomicInteger disconnected = new AtomicInteger();
      client.addListener(new RedisConnectionStateListener() {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
          connected.incrementAndGet();
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
          disconnected.incrementAndGet();
        }
      });
      try {
        StatefulRedisConnection<byte[], byte[]> c = client.connectAsync(ByteArrayCodec.INSTANCE,
            RedisURI.create(redis.uri())).get(10, TimeUnit.SECONDS);
        assertThat(c).isInstanceOf(AsyncRedisClient.LazyCommandsConnection.class);
        assertThat(connected).hasValue(1);
        // Lettuce's own eager command sets were never made.
        assertThat(superField(c, "sync")).isNull();
        assertThat(superField(c, "reactive")).isNull();

        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        assertThat(c.async().set(key, "v".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS))
            .isEqualTo("OK");
        assertThat(c.async().publish("ch".getBytes(StandardCharsets.UTF_8), key).get(10, TimeUnit.SECONDS))
            .isZero();

        assertThat(c.sync()).isSameAs(c.sync());
        assertThat(new String(c.sync().get(key), StandardCharsets.UTF_8)).isEqualTo("v");
        assertThat(c.reactive()).isSameAs(c.reactive());
        assertThat(c.reactive().ping().block(Duration.ofSeconds(10))).isEqualTo("PONG");

        c.close();
        Await.until(Duration.ofSeconds(10), "the listener told of the close", () -> disconnected.get() == 1);
      } finally {
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theSilentEventBusPublishesToNoOne() {
    SilentEventBus.INSTANCE.publish(null);
    assertThat(SilentEventBus.INSTANCE.get().collectList().block(Duration.ofSeconds(1))).isEmpty();
  }

  private static Object superField(Object connection, String name) throws ReflectiveOperationException {
    var field = StatefulRedisConnectionImpl.class.getDeclaredField(name);
    field.setAccessible(true);
    return field.get(connection);
  }
}
