package dev.relay.net;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose client stopped reading: once its outbound buffer passed the high-water mark
 * (the channel is not writable), it must drain within {@code timeout}. For long responses such as event streams,
 * whose writers drop or pause while the channel is not writable, so that a client that never reads does not keep
 * its connection, and what waits in it, forever.
 */
public final class WriteStallTimeout extends ChannelDuplexHandler {
  private final long timeoutNanos;
  private final Runnable onStall;
  private ScheduledFuture<?> timer;

  public WriteStallTimeout(Duration timeout) {
    this(timeout, () -> {});
  }

  /** {@code onStall} runs (on the event loop; it must not block) each time a connection is closed for it. */
  public WriteStallTimeout(Duration timeout, Runnable onStall) {
    this.timeoutNanos = timeout.toNanos();
    this.onStall = onStall;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (!ctx.channel().isWritable()) {
      if (timer == null) {
        timer = ctx.executor().schedule(() -> {
          timer = null;
          if (!ctx.channel().isWritable()) {
            onStall.run();
            ctx.close();
          }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
      }
    } else if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    super.channelInactive(ctx);
  }
}
