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
 * after its {@code Last-Event-ID}), then each new one. Nothing is dropped, and at most one page of entries is held:
 * the replay's start is found by walking back {@value #PAGE} entries per {@code XREVRANGE}, and everything from there
 * is read forward {@value #PAGE} at a time ({@code XREAD BLOCK}), pausing while the client has {@code client_buffer}
 * events or {@code client_buffer_bytes} waiting, until it caught up to half of that.
 */
final class StreamSession extends ActivitySession {
  static final int PAGE = 100;
  static final long BLOCK_MS = 5_000;
  /** The largest sequence part of a stream entry id (an unsigned 64-bit number). */
  private static final String MAX_SEQUENCE = "18446744073709551615";

  private final String key;
  private final String field;
  private final int replay;
  private final String lastEventId;
  private final AtomicBoolean paused = new AtomicBoolean();
  private String lastId; // touched by the command callbacks, one at a time, on the channel's event loop

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
      findReplayStart(c, null, replay);
    });
  }

  /**
   * Walks back from {@code upTo} (inclusive; null: the newest entry) over {@code skip} more entries, one page at a
   * time, to the entry just before the replay: reading goes on after it.
   */
  private void findReplayStart(StatefulRedisConnection<String, String> c, String upTo, int skip) {
    int count = Math.min(PAGE, skip + 1);
    Range<String> range = Range.from(Range.Boundary.unbounded(),
        upTo == null ? Range.Boundary.unbounded() : Range.Boundary.including(upTo));
    c.async().xrevrange(key, range, Limit.from(count)).whenCompleteAsync((entries, e) -> {
      if (e != null) {
        // Not the reason: WRONGTYPE would tell the client what the key holds.
        LOG.warn("activity stream: cannot read stream {}: {}", key, RedisConnections.failureReason(e));
        fail(HttpResponseStatus.BAD_GATEWAY, "cannot read this stream");
        return;
      }
      if (closedOnce.get()) {
        return;
      }
      if (entries.size() > skip) {
        startAfter(entries.get(skip).getId());
      } else if (entries.size() < count) {
        startAfter("0-0"); // the stream holds fewer entries than the replay asks for: all of them
      } else {
        findReplayStart(c, before(entries.get(entries.size() - 1).getId()), skip - entries.size());
      }
    }, ch.eventLoop());
  }

  private void startAfter(String id) {
    lastId = id;
    begin("stream " + key);
    read();
  }

  /** The greatest entry id below {@code id} ({@code ms-seq}), so an inclusive range can exclude {@code id}. */
  static String before(String id) {
    int dash = id.indexOf('-');
    long ms = Long.parseUnsignedLong(id.substring(0, dash));
    long seq = Long.parseUnsignedLong(id.substring(dash + 1));
    if (seq != 0) {
      return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq - 1);
    }
    return ms == 0 ? "0-0" : Long.toUnsignedString(ms - 1) + "-" + MAX_SEQUENCE;
  }

  /** The next XREAD BLOCK, unless the client has too much waiting: then it resumes once the client caught up. */
  @SuppressWarnings("unchecked")
  private void read() {
    if (closedOnce.get()) {
      return;
    }
    if (full()) {
      paused.set(true);
      if (full() || !paused.compareAndSet(true, false)) {
        return;
      }
    }
    StatefulRedisConnection<String, String> c = (StatefulRedisConnection<String, String>) conn();
    // On the channel's event loop: a read resumed there by a client that caught up may complete at once, inline,
    // and its events must not overtake the ones written before it (found as a reordering under load).
    c.async().xread(XReadArgs.Builder.block(BLOCK_MS).count(PAGE), XReadArgs.StreamOffset.from(key, lastId))
        .whenCompleteAsync((entries, e) -> {
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
        }, ch.eventLoop());
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
