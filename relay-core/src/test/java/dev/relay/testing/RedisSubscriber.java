package dev.relay.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real Redis subscriber (Lettuce) that records every message on the channels or patterns it is given. */
public final class RedisSubscriber implements AutoCloseable {
  /** One received message. */
  public record Message(String channel, String payload) {}

  private final RedisClient client;
  private final StatefulRedisPubSubConnection<String, String> conn;
  private final List<Message> messages = new CopyOnWriteArrayList<>();

  private RedisSubscriber(String uri) {
    client = RedisClient.create(uri);
    conn = client.connectPubSub();
    conn.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        messages.add(new Message(channel, message));
      }

      @Override
      public void message(String pattern, String channel, String message) {
        messages.add(new Message(channel, message));
      }

      @Override
      public void smessage(String channel, String message) {
        messages.add(new Message(channel, message));
      }
    });
  }

  public static RedisSubscriber channels(String uri, String... channels) {
    RedisSubscriber s = new RedisSubscriber(uri);
    s.conn.sync().subscribe(channels);
    return s;
  }

  /** Subscribes with SSUBSCRIBE, to messages sent with SPUBLISH. */
  public static RedisSubscriber sharded(String uri, String... channels) {
    RedisSubscriber s = new RedisSubscriber(uri);
    s.conn.sync().ssubscribe(channels);
    return s;
  }

  public static RedisSubscriber patterns(String uri, String... patterns) {
    RedisSubscriber s = new RedisSubscriber(uri);
    s.conn.sync().psubscribe(patterns);
    return s;
  }

  public List<Message> messages() {
    return List.copyOf(messages);
  }

  public List<String> payloads() {
    return messages.stream().map(Message::payload).toList();
  }

  @Override
  public void close() {
    conn.close();
    client.shutdown();
  }
}
