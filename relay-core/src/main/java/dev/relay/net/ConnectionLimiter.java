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
 * At most {@code max} connections open on one listener: one more is closed as soon as it is accepted, before it
 * is read, and counted. One instance is shared by all of a listener's connections. It goes first in each
 * connection's pipeline or, for a server whose connections' pipelines are out of reach (grpc-java's), on the
 * server channel itself, through {@link #serverChannels}.
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

  /** Counts {@code connection} in, until it closes; false (and counted as refused) if it is one too many. */
  private boolean admit(Channel connection) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      onRefused.run(); // before the close, so the count is there by the time the client sees it
      return false;
    }
    connection.closeFuture().addListener(f -> open.decrementAndGet());
    return true;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (!admit(ctx.channel())) {
      ctx.close();
      return;
    }
    ctx.pipeline().remove(this);
    super.channelActive(ctx);
  }

  /**
   * Server channels from {@code transport} (e.g. {@code NioServerSocketChannel::new}, or epoll's) that apply this
   * limit where they accept: a handler on the server channel's pipeline, ahead of the bootstrap's acceptor, sees
   * each new connection before it is registered, read or handshaken.
   */
  public ChannelFactory<ServerChannel> serverChannels(Supplier<? extends ServerChannel> transport) {
    ChannelHandler onAccept = new OnAccept();
    return () -> {
      ServerChannel server = transport.get();
      server.pipeline().addLast(onAccept); // now, so it runs before the acceptor the bootstrap adds
      return server;
    };
  }

  @ChannelHandler.Sharable
  private final class OnAccept extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Channel connection && !admit(connection)) {
        // Not registered with an event loop yet: closed directly, as the acceptor closes one it cannot register.
        connection.unsafe().closeForcibly();
        return;
      }
      ctx.fireChannelRead(msg);
    }
  }
}
