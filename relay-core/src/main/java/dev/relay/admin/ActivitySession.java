package dev.relay.admin;

import dev.relay.redis.RedisConnections;
import io.lettuce.core.api.StatefulConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /activity/stream} client: its channel, its own Redis connection, its bounded count of events written
 * and not yet flushed to it. Before the SSE head went out a failure is answered with an error; after, the response
 * just ends, and the EventSource reconnects.
 */
abstract sealed class ActivitySession permits PubSubSession, StreamSession {
  // The activity stream's log lines keep the logger name they always had.
  static final Logger LOG = LoggerFactory.getLogger(ActivityStreams.class);
  /** How long an EventSource waits before reconnecting after the stream ends. */
  private static final int RETRY_MS = 2_000;

  final ActivityStreams streams;
  final Channel ch;
  final SseWriter sse;
  /** Events, and their bytes, written to the channel and not yet taken by the client. */
  final AtomicInteger pending = new AtomicInteger();
  final AtomicLong pendingBytes = new AtomicLong();
  final AtomicBoolean closedOnce = new AtomicBoolean();
  /** Counts the head off {@link #pending}, and tells a session that paused when the client caught up. */
  private final ChannelFutureListener onWritten;
  private volatile StatefulConnection<String, String> conn;
  private volatile boolean started;
  private volatile ScheduledFuture<?> heartbeat; // volatile: begin() and close() run on different threads

  ActivitySession(ActivityStreams streams, Channel ch) {
    this.streams = streams;
    this.ch = ch;
    this.sse = new SseWriter(ch);
    this.onWritten = f -> written(0);
  }

  /** One event of {@code bytes} left the channel; a session that paused resumes at half its buffer. */
  private void written(int bytes) {
    int left = pending.decrementAndGet();
    long leftBytes = pendingBytes.addAndGet(-bytes);
    if (left <= streams.config().clientBuffer() / 2 && leftBytes <= streams.config().clientBufferBytes() / 2) {
      caughtUp();
    }
  }

  /** Whether the client has {@code client_buffer} events or {@code client_buffer_bytes} waiting. */
  boolean full() {
    return pending.get() >= streams.config().clientBuffer()
        || pendingBytes.get() >= streams.config().clientBufferBytes();
  }

  /** Connects to Redis and starts reading; the head goes out once Redis said yes. */
  abstract void open();

  /** The client has at most half its buffer waiting. */
  void caughtUp() {}

  /** On the event loop, before each heartbeat. */
  void reportDrops() {}

  /** The Redis connection, once adopted; null before. */
  StatefulConnection<String, String> conn() {
    return conn;
  }

  /** Writes one event, counted in {@link #pending} by the caller; its bytes are counted here. */
  void send(String id, String data) {
    ByteBuf frame = SseWriter.eventFrame(id, data);
    int bytes = frame.readableBytes();
    pendingBytes.addAndGet(bytes);
    sse.send(frame).addListener(f -> written(bytes));
  }

  /**
   * Once {@code connecting} completes, adopts the connection and runs {@code then} with it; a Redis that cannot be
   * reached is answered 503, and a client that left meanwhile gets nothing.
   */
  <C extends StatefulConnection<String, String>> void whenConnected(CompletionStage<C> connecting, Consumer<C> then) {
    connecting.whenComplete((c, error) -> {
      if (error != null) {
        // The reason stays in the log: it may tell a stranger what Redis is and how it refuses.
        LOG.warn("activity stream: cannot connect to Redis at {}: {}", streams.safeEndpoint(),
            RedisConnections.failureReason(error));
        fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "Redis is unreachable");
      } else if (adopt(c)) {
        then.accept(c);
      }
    });
  }

  /** Takes the connection; false (and closes it) if the client left meanwhile. */
  boolean adopt(StatefulConnection<String, String> c) {
    conn = c;
    streams.track(c, this);
    if (closedOnce.get()) {
      streams.untrack(c);
      c.closeAsync();
      return false;
    }
    if (!c.isOpen()) {
      redisLost(); // lost before it was registered
      return false;
    }
    return true;
  }

  /**
   * Redis dropped the connection (it closes a subscriber that falls 32 MiB behind, for one): the response ends,
   * as autoReconnect is off, and the EventSource reconnects. Without this the client would get only heartbeats.
   */
  void redisLost() {
    if (!closedOnce.get()) {
      LOG.debug("activity stream: the Redis connection was lost; ending the response");
      ch.close();
    }
  }

  /** Sends the SSE head and starts the heartbeat. */
  void begin(String what) {
    started = true;
    // Counted off pending like an event, though never counted on: the client gets one event of slack.
    sse.startReconnectable(RETRY_MS, "relay activity stream: " + what).addListener(onWritten);
    heartbeat = sse.heartbeat(streams.config().heartbeat(), this::reportDrops);
    if (closedOnce.get()) {
      heartbeat.cancel(false);
    }
  }

  /** Before the head went out: an error response; after: the stream just ends. */
  void fail(HttpResponseStatus status, String message) {
    if (started) {
      ch.close();
      return;
    }
    FullHttpResponse res = ActivityRequest.refusal(status, message);
    HttpUtil.setContentLength(res, res.content().readableBytes());
    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ch.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
  }

  /** The client left (its channel closed): releases the slot, the heartbeat and the Redis connection. */
  void close() {
    if (!closedOnce.compareAndSet(false, true)) {
      return;
    }
    streams.clientLeft();
    ScheduledFuture<?> h = heartbeat;
    if (h != null) {
      h.cancel(false);
    }
    StatefulConnection<String, String> c = conn;
    if (c != null) {
      streams.untrack(c);
      c.closeAsync();
    }
  }
}
