package dev.relay.admin;

import dev.relay.net.ConnectionLimiter;
import dev.relay.net.HeaderReadTimeout;
import dev.relay.net.WriteStallTimeout;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The admin server's bounds on its clients: connections open at once, the time a request's head may take from its
 * first byte, the time a connection may stay idle (event streams have their heartbeat), and the time an event
 * stream's client may leave its data unread once its buffer is full.
 */
final class AdminGuards {
  static final int MAX_CONNECTIONS = 128;
  static final Duration READ_HEADER_TIMEOUT = Duration.ofSeconds(10);
  static final Duration IDLE_TIMEOUT = Duration.ofMinutes(1);
  static final Duration WRITE_STALL_TIMEOUT = Duration.ofSeconds(30);

  private AdminGuards() {}

  /** Before anything else: the connection limit, the idle timer and the unread-stream timer. */
  static void addFirst(ChannelPipeline p, ConnectionLimiter connections) {
    p.addLast(connections,
        new IdleStateHandler(0, 0, IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
        new WriteStallTimeout(WRITE_STALL_TIMEOUT));
  }

  /** Around the HTTP codec, once it is in the pipeline: the head's timer from its first byte. */
  static void addAfterCodec(ChannelPipeline p) {
    HeaderReadTimeout header = new HeaderReadTimeout(READ_HEADER_TIMEOUT);
    p.addBefore(p.context(HttpServerCodec.class).name(), null, header.beforeCodec());
    p.addAfter(p.context(HttpServerCodec.class).name(), null, header.afterCodec());
  }
}
