package dev.relay.admin;

import dev.relay.json.JsonWriter;
import dev.relay.redis.RedisConnections;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client following a Redis stream: its last {@code replay} entries (or, for a reconnecting EventSource, those
 * after its {@code Last-Event-ID}), then each new one, read with {@code XREAD BLOCK}. Nothing is dropped: while the
 * client has {@code client_buffer} events waiting, reading pauses until it caught up to half of that.
 */
final class StreamSession extends ActivitySession {
  private static final int READ_COUNT = 100;
  static final long BLOCK_MS = 5_000;

  private final String key;
  private final String field;
  private final int replay;
  private final String lastEventId;
  private final AtomicBoolean paused = new AtomicBoolean();
  private String lastId; // touched only by the command callbacks, one at a time

  StreamSession(ActivityStreams streams, Channel ch, String key, String field, int replay, String lastEventId) {
    super(streams, ch);
    this.key = key;
    this.field = field;
    this.replay = replay;
    this.lastEventId = lastEventId;
  }

  @Override
  void open() {
    whenConnected(streams.client().connectAsync(StringCodec.UTF8, streams.uri()), c -> {
      if (lastEventId != null) {
        // A reconnecting EventSource: go on after the last entry it saw, without a replay.
        lastId = lastEventId;
        begin("stream " + key + " after " + lastEventId);
        read();
        return;
      }
      c.async().xrevrange(key, Range.unbounded(), Limit.from(Math.max(1, replay))).whenComplete((entries, e) -> {
        if (e != null) {
          // Not the reason: WRONGTYPE would tell the client what the key holds.
          LOG.warn("activity stream: cannot read stream {}: {}", key, RedisConnections.failureReason(e));
          fail(HttpResponseStatus.BAD_GATEWAY, "cannot read this stream");
          return;
        }
        lastId = entries.isEmpty() ? "0-0" : entries.get(0).getId();
        begin("stream " + key);
        for (int i = Math.min(replay, entries.size()) - 1; i >= 0; i--) {
          send(entries.get(i));
        }
        read();
      });
    });
  }

  /** The next XREAD BLOCK, unless the client has too much waiting: then it resumes once the client caught up. */
  @SuppressWarnings("unchecked")
  private void read() {
    if (closedOnce.get()) {
      return;
    }
    int clientBuffer = streams.config().clientBuffer();
    if (pending.get() >= clientBuffer) {
      paused.set(true);
      if (pending.get() >= clientBuffer || !paused.compareAndSet(true, false)) {
        return;
      }
    }
    StatefulRedisConnection<String, String> c = (StatefulRedisConnection<String, String>) conn();
    c.async().xread(XReadArgs.Builder.block(BLOCK_MS).count(READ_COUNT), XReadArgs.StreamOffset.from(key, lastId))
        .whenComplete((entries, e) -> {
          if (e != null) {
            if (!closedOnce.get()) {
              LOG.debug("activity stream {}: XREAD failed: {}", key, RedisConnections.failureReason(e));
              ch.close(); // the client reconnects and resumes by Last-Event-ID
            }
            return;
          }
          for (StreamMessage<String, String> m : entries) {
            send(m);
            lastId = m.getId();
          }
          read();
        });
  }

  @Override
  void caughtUp() {
    if (paused.compareAndSet(true, false)) {
      read();
    }
  }

  private void send(StreamMessage<String, String> m) {
    Map<String, String> body = m.getBody();
    String data = body.get(field);
    if (data == null) {
      // No such field: the entry's fields as one JSON object, so nothing is silently skipped.
      JsonWriter w = new JsonWriter(128).beginObject();
      body.forEach((k, v) -> w.name(k).value(v));
      data = w.endObject().toString();
    }
    pending.incrementAndGet();
    send(m.getId(), data);
  }
}
