package dev.relay.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ServerChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * At most {@code max} connections open on one listener, counted where the listener accepts them: this handler sits
 * on the server channel's own pipeline, in front of the bootstrap's acceptor, so it sees each accepted connection
 * before it is registered, read or handshaken. One more is closed at once and counted. It is for servers whose
 * per-connection pipeline is out of reach (grpc-java's), where {@link ConnectionLimiter} cannot be added; it works
 * with any transport, since it only needs the server channel a {@link #channels} factory makes.
 */
@ChannelHandler.Sharable
public final class AcceptLimiter extends ChannelInboundHandlerAdapter {
  private final int max;
  private final Runnable onRefused;
  private final AtomicInteger open = new AtomicInteger();

  /** {@code onRefused} runs once for each connection closed for being one too many (it counts them). */
  public AcceptLimiter(int max, Runnable onRefused) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    this.max = max;
    this.onRefused = onRefused;
  }

  /** Connections accepted and not yet closed. */
  public int open() {
    return open.get();
  }

  /** Server channels from {@code transport} (e.g. {@code NioServerSocketChannel::new}), each limited by this. */
  public ChannelFactory<ServerChannel> channels(Supplier<? extends ServerChannel> transport) {
    return () -> {
      ServerChannel server = transport.get();
      // Added now, before the bootstrap adds its acceptor, so it runs first.
      server.pipeline().addLast(this);
      return server;
    };
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Channel child)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      onRefused.run(); // first, so the count is there by the time the client sees the close
      // Not registered with an event loop yet: closed directly, as the acceptor closes a child it cannot register.
      child.unsafe().closeForcibly();
      return;
    }
    child.closeFuture().addListener(f -> open.decrementAndGet());
    ctx.fireChannelRead(child);
  }
}
