package dev.relay.net;

import io.netty.channel.Channel;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Event loop groups whose threads block until there is I/O or a task, however long that takes. Netty 4.2's event
 * loops otherwise wake once a second when nothing is scheduled (to purge cancelled scheduled tasks, of which there
 * are none then): four loops in an idle relay, four wake-ups a second, each of which can also wake the JIT.
 */
public final class QuietEventLoops {
  private QuietEventLoops() {}

  /** {@code threads} loops on Java NIO (0: Netty's default, twice the cores), made by {@code threads}. */
  public static MultiThreadIoEventLoopGroup nio(int threads, ThreadFactory factory) {
    return group(threads, factory, NioIoHandler.newFactory());
  }

  /** {@code threads} loops on the transport {@code io} stands for (NIO, epoll), made by {@code factory}. */
  public static MultiThreadIoEventLoopGroup group(int threads, ThreadFactory factory, IoHandlerFactory io) {
    return new Group(threads, factory, io);
  }

  /** Event loops for outgoing connections and the channel type that goes with them. */
  public record ClientTransport(MultiThreadIoEventLoopGroup group, Class<? extends Channel> channelType) {}

  /**
   * The loops the relay's gRPC clients share (epoll where Netty's native transport loads, else NIO), in place of
   * grpc-java's own shared group, whose loops wake every second like Netty's. One per process and never shut down,
   * as grpc-java's is: its daemon threads start with the first connection each serves, and sleep once it closes.
   */
  public static ClientTransport client() {
    return SharedClient.TRANSPORT;
  }

  /** Made on first use only. */
  private static final class SharedClient {
    static final ClientTransport TRANSPORT = Epoll.isAvailable()
        ? new ClientTransport(group(0, threads(), EpollIoHandler.newFactory()), EpollSocketChannel.class)
        : new ClientTransport(nio(0, threads()), NioSocketChannel.class);

    private static ThreadFactory threads() {
      return new DefaultThreadFactory("relay-grpc-client", true);
    }
  }

  /** Makes {@link QuietEventLoop}s instead of Netty's own. */
  private static final class Group extends MultiThreadIoEventLoopGroup {
    Group(int threads, ThreadFactory factory, IoHandlerFactory io) {
      super(threads, factory, io);
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory io, Object... args) {
      return new QuietEventLoop(this, executor, io);
    }
  }
}
