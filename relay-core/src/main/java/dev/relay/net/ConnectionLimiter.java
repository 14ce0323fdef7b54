package dev.relay.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code max} connections open on one listener: one more is closed as soon as it is accepted, before it
 * is read, and counted. One instance is shared by all of a listener's connections.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private final int max;
  private final Runnable onRefused;
  private final AtomicInteger open = new AtomicInteger();

  /** {@code onRefused} runs once for each connection closed for being one too many (it counts them). */
  public ConnectionLimiter(int max, Runnable onRefused) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    this.max = max;
    this.onRefused = onRefused;
  }

  public int open() {
    return open.get();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      onRefused.run();
      ctx.close();
      return;
    }
    ctx.channel().closeFuture().addListener(f -> open.decrementAndGet());
    ctx.pipeline().remove(this);
    super.channelActive(ctx);
  }
}
