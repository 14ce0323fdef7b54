package dev.relay.redis;

import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisReactiveCommandsImpl;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.PushHandler;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;

/**
 * A standalone Lettuce client whose connections make their synchronous and reactive command sets only when asked
 * for. Lettuce makes all three with every connection; the relay writes through the asynchronous one only. The
 * synchronous set is a {@link java.lang.reflect.Proxy} over some thirty command interfaces (a generated class
 * holding a {@link java.lang.reflect.Method} for each of their commands), and the reactive one loads as many
 * interfaces again and Reactor's operators: together about 200 classes and a megabyte of heap per relay.
 */
public final class AsyncRedisClient extends RedisClient {
  /** A client with no default URI, as {@link RedisClient#create(ClientResources)} makes. */
  public AsyncRedisClient(ClientResources resources) {
    super(resources, new RedisURI());
  }

  @Override
  protected <K, V> StatefulRedisConnectionImpl<K, V> newStatefulRedisConnection(RedisChannelWriter writer,
      PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout) {
    return new LazyCommandsConnection<>(writer, pushHandler, codec, timeout, this);
  }

  /** A connection whose synchronous and reactive command sets are made on first use. */
  static final class LazyCommandsConnection<K, V> extends StatefulRedisConnectionImpl<K, V> {
    private RedisCommands<K, V> sync;
    private RedisReactiveCommandsImpl<K, V> reactive;

    LazyCommandsConnection(RedisChannelWriter writer, PushHandler pushHandler, RedisCodec<K, V> codec,
        Duration timeout, RedisClient client) {
      super(writer, pushHandler, codec, timeout, client.getOptions().getJsonParser());
    }

    // Called by the superclass's constructor, which keeps what they return in fields of its own: nothing yet.
    @Override
    protected RedisCommands<K, V> newRedisSyncCommandsImpl() {
      return null;
    }

    @Override
    protected RedisReactiveCommandsImpl<K, V> newRedisReactiveCommandsImpl() {
      return null;
    }

    @Override
    public synchronized RedisCommands<K, V> sync() {
      if (sync == null) {
        sync = super.newRedisSyncCommandsImpl();
      }
      return sync;
    }

    @Override
    public synchronized RedisReactiveCommands<K, V> reactive() {
      if (reactive == null) {
        reactive = super.newRedisReactiveCommandsImpl();
      }
      return reactive;
    }
  }
}
