package dev.relay.admin;

import dev.relay.redis.RedisConnections;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A client following a pub/sub channel or pattern: each message becomes an event, unless the client already has
 * {@code client_buffer} messages or {@code client_buffer_bytes} waiting; then it is dropped, counted, and reported at the next heartbeat. Pub/sub cannot
 * wait for a slow reader.
 */
final class PubSubSession extends ActivitySession {
  private final String channel;
  private final String pattern;
  private volatile long droppedHere;
  private long droppedReported;

  /** Follows {@code channel}, or else {@code pattern}. */
  PubSubSession(ActivityStreams streams, Channel ch, String channel, String pattern) {
    super(streams, ch);
    this.channel = channel;
    this.pattern = pattern;
  }

  @Override
  void open() {
    whenConnected(streams.client().connectPubSubAsync(StringCodec.UTF8, streams.uri()), c -> {
      c.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String ch, String message) {
          offer(message);
        }

        @Override
        public void message(String pattern, String ch, String message) {
          offer(message);
        }
      });
      CompletionStage<Void> subscribing = channel != null
          ? c.async().subscribe(channel).toCompletableFuture()
          : c.async().psubscribe(pattern).toCompletableFuture();
      // The head goes out once Redis confirmed the subscription: a client that has it misses nothing after.
      subscribing.whenComplete((ok, e) -> {
        if (e != null) {
          LOG.warn("activity stream: Redis refused to subscribe to {} {}: {}", channel != null ? "channel" : "pattern",
              channel != null ? channel : pattern, RedisConnections.failureReason(e));
          fail(HttpResponseStatus.BAD_GATEWAY, "Redis refused the subscription");
        } else {
          begin(channel != null ? "channel " + channel : "pattern " + pattern);
        }
      });
    });
  }

  /** A message: written unless the client already has {@code client_buffer} waiting; then counted. */
  private void offer(String message) {
    if (closedOnce.get()) {
      return;
    }
    if (pending.incrementAndGet() > streams.config().clientBuffer()
        || pendingBytes.get() >= streams.config().clientBufferBytes()) {
      pending.decrementAndGet();
      droppedHere++; // only Lettuce's one thread for this connection writes it
      streams.droppedForSlowClient();
      return;
    }
    send(null, message);
  }

  /** The number dropped so far, when it grew since the last heartbeat. */
  @Override
  void reportDrops() {
    long d = droppedHere;
    if (d != droppedReported) {
      droppedReported = d;
      sse.dropped(d);
    }
  }
}
