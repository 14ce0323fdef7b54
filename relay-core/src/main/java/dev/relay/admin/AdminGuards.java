package dev.relay.admin;

import dev.relay.net.ConnectionLimiter;
import dev.relay.net.HeaderReadTimeout;
import dev.relay.net.WriteStallTimeout;
import dev.relay.telemetry.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The admin server's bounds on its clients: connections open at once, the time a request's head may take from its
 * first byte, the time a connection may stay idle (event streams have their heartbeat), and the time an event
 * stream's client may leave its data unread once its buffer is full ({@link AdminTimeouts}). A connection closed at
 * one of the timeouts is counted in {@code relay.admin.closed.connections} by {@code reason}.
 */
final class AdminGuards {
  static final int MAX_CONNECTIONS = 128;
  static final String CLOSED_CONNECTIONS = "relay.admin.closed.connections";

  private final AdminTimeouts timeouts;
  private final Counter headerTimedOut;
  private final Counter idleClosed;
  private final Counter writeStalled;

  AdminGuards(AdminTimeouts timeouts, MeterRegistry registry) {
    this.timeouts = timeouts;
    this.headerTimedOut = Meters.counter(registry, CLOSED_CONNECTIONS, "reason", "read_header_timeout");
    this.idleClosed = Meters.counter(registry, CLOSED_CONNECTIONS, "reason", "idle_timeout");
    this.writeStalled = Meters.counter(registry, CLOSED_CONNECTIONS, "reason", "write_stall_timeout");
  }

  /** Before anything else: the connection limit, the idle timer and the unread-stream timer. */
  void addFirst(ChannelPipeline p, ConnectionLimiter connections) {
    p.addLast(connections,
        new IdleStateHandler(0, 0, timeouts.idle().toMillis(), TimeUnit.MILLISECONDS),
        new WriteStallTimeout(timeouts.writeStall(), writeStalled::increment));
  }

  /** Around the HTTP codec, once it is in the pipeline: the head's timer from its first byte. */
  void addAfterCodec(ChannelPipeline p) {
    HeaderReadTimeout header = new HeaderReadTimeout(timeouts.readHeader(), headerTimedOut::increment);
    p.addBefore(p.context(HttpServerCodec.class).name(), null, header.beforeCodec());
    p.addAfter(p.context(HttpServerCodec.class).name(), null, header.afterCodec());
  }

  /** Counts a connection the server closed because it was idle for {@code idle_timeout}. */
  void idleClosed() {
    idleClosed.increment();
  }
}
