package dev.relay.receiver.otlp;

import dev.relay.net.ConnectionLimiter;
import dev.relay.net.QuietEventLoops;
import dev.relay.net.SharedListener;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC listener's own Netty transport, so that its server channel can carry a {@link ConnectionLimiter} and
 * accept on a {@link SharedListener}: grpc-java takes a channel factory only together with its event loop groups,
 * which this class therefore owns and shuts down. NIO, not epoll: during a reload's hand-over two servers accept on
 * one socket, which only a NIO server channel over a socket it did not open allows; each has its own event loops.
 */
final class GrpcTransport {
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;

  private GrpcTransport() {
    this.boss = QuietEventLoops.nio(1, new DefaultThreadFactory("relay-otlp-grpc-boss", true));
    // 0: Netty's default, twice the cores, as grpc-java's shared worker group has.
    this.workers = QuietEventLoops.nio(0, new DefaultThreadFactory("relay-otlp-grpc-io", true));
  }

  static GrpcTransport open() {
    return new GrpcTransport();
  }

  /**
   * Serves {@code builder}'s server on this transport and {@code socket}, its connections limited by {@code limiter};
   * {@code onAccept} (e.g. {@link dev.relay.net.Http2RefusalObserver#onAccept}) sees each connection the limiter
   * admits, before it is registered.
   */
  void applyTo(NettyServerBuilder builder, ConnectionLimiter limiter, SharedListener socket, ChannelHandler onAccept) {
    ChannelFactory<ServerChannel> limited = limiter.serverChannels(socket::serverChannel);
    builder.bossEventLoopGroup(boss).workerEventLoopGroup(workers).channelFactory(() -> {
      ServerChannel server = limited.newChannel();
      server.pipeline().addLast(onAccept); // after the limiter's handler, before the bootstrap's acceptor
      return server;
    });
  }

  /** After the server terminated (or failed to start). */
  void close(Duration timeout) {
    long millis = Math.max(1, timeout.toMillis());
    boss.shutdownGracefully(0, millis, TimeUnit.MILLISECONDS);
    workers.shutdownGracefully(0, millis, TimeUnit.MILLISECONDS).awaitUninterruptibly(millis);
  }
}
