package dev.relay.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request's head (request line and headers) must arrive within {@code timeout} of its first byte, as Go's
 * {@code ReadHeaderTimeout}: a client that sends a header byte now and then (slowloris) is disconnected. One
 * instance per connection, giving two handlers: {@link #beforeCodec()} sees the first byte, {@link #afterCodec()}
 * sees the decoded head. Touched on the connection's event loop only.
 */
public final class HeaderReadTimeout {
  private final long timeoutNanos;
  private final Runnable onTimeout;
  private boolean inRequest;
  private ScheduledFuture<?> timer;

  public HeaderReadTimeout(Duration timeout) {
    this(timeout, () -> {});
  }

  /** {@code onTimeout} runs (on the event loop; it must not block) each time a connection is closed for it. */
  public HeaderReadTimeout(Duration timeout, Runnable onTimeout) {
    this.timeoutNanos = timeout.toNanos();
    this.onTimeout = onTimeout;
  }

  /** Goes before the HTTP decoder: arms the timer at the first byte of a request. */
  public ChannelHandler beforeCodec() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!inRequest && timer == null && msg instanceof ByteBuf b && b.isReadable()) {
          timer = ctx.executor().schedule(() -> {
            timer = null;
            onTimeout.run();
            ctx.close();
          }, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
      }
    };
  }

  /** Goes after the HTTP decoder: the head arrived (the timer stops); the request ended (the next one may start). */
  public ChannelHandler afterCodec() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
          cancel();
          inRequest = true;
        }
        if (msg instanceof LastHttpContent) {
          inRequest = false;
        }
        ctx.fireChannelRead(msg);
      }
    };
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
