package dev.relay.receiver.otlp;

import dev.relay.net.ConnectionLimiter;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gRPC listener's own Netty transport (epoll where it runs, NIO elsewhere, as grpc-java picks), so that its
 * server channel can carry an {@link ConnectionLimiter}: grpc-java takes a channel factory only together with its event
 * loop groups, which this class therefore owns and shuts down.
 */
final class GrpcTransport {
  /** Which transport: the one grpc-java would pick, or NIO (to test the other one). */
  enum Kind { AUTO, NIO }

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Supplier<ServerChannel> channels;

  private GrpcTransport(IoHandlerFactory io, Supplier<ServerChannel> channels) {
    this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("relay-otlp-grpc-boss", true), io);
    // 0: Netty's default, twice the cores, as grpc-java's shared worker group has.
    this.workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("relay-otlp-grpc-io", true), io);
    this.channels = channels;
  }

  static GrpcTransport open(Kind kind) {
    if (kind == Kind.AUTO && Epoll.isAvailable()) {
      return new GrpcTransport(EpollIoHandler.newFactory(), EpollServerSocketChannel::new);
    }
    return new GrpcTransport(NioIoHandler.newFactory(), NioServerSocketChannel::new);
  }

  /** Serves {@code builder}'s server on this transport, its connections limited by {@code limiter}. */
  void applyTo(NettyServerBuilder builder, ConnectionLimiter limiter) {
    builder.bossEventLoopGroup(boss).workerEventLoopGroup(workers).channelFactory(limiter.serverChannels(channels));
  }

  /** After the server terminated (or failed to start). */
  void close(Duration timeout) {
    long millis = Math.max(1, timeout.toMillis());
    boss.shutdownGracefully(0, millis, TimeUnit.MILLISECONDS);
    workers.shutdownGracefully(0, millis, TimeUnit.MILLISECONDS).awaitUninterruptibly(millis);
  }
}
