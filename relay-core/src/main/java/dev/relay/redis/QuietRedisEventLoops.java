package dev.relay.redis;

import dev.relay.net.QuietEventLoops;
import io.lettuce.core.resource.DefaultEventLoopGroupProvider;
import io.lettuce.core.resource.EpollProvider;
import io.lettuce.core.resource.Transports;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * Lettuce's event loops as {@link QuietEventLoops}: an idle Redis connection's loop sleeps until there is I/O or a
 * task, instead of waking every second as Netty's does. Lettuce asks for a {@link MultiThreadIoEventLoopGroup} for
 * both epoll and NIO; this makes the one it would make, on the same transport (epoll first, as Lettuce prefers it),
 * and leaves every other kind (its computation executors, kqueue, io_uring) to Lettuce.
 *
 * <p>Lettuce does not shut down a provider it was given: whoever builds the client resources with it calls
 * {@link #shutdown} after theirs.
 */
public final class QuietRedisEventLoops extends DefaultEventLoopGroupProvider {
  private final String threadName;

  /** {@code threads} loops whose threads are named {@code threadName-N-M} (Lettuce names its own lettuce-*). */
  public QuietRedisEventLoops(int threads, String threadName) {
    super(threads);
    this.threadName = threadName;
  }

  // Lettuce's own ThreadFactoryProvider, not the deprecated one nested in the superclass, hence the full name.
  @Override
  protected <T extends EventLoopGroup> EventExecutorGroup doCreateEventLoopGroup(Class<T> type, int threads,
      io.lettuce.core.resource.ThreadFactoryProvider factories) {
    if (type == MultiThreadIoEventLoopGroup.class) {
      if (EpollProvider.isAvailable()) {
        return QuietEventLoops.group(threads, factories.getThreadFactory(threadName), EpollIoHandler.newFactory());
      }
      if (Transports.socketChannelClass() == NioSocketChannel.class) {
        return QuietEventLoops.nio(threads, factories.getThreadFactory(threadName));
      }
    }
    return super.doCreateEventLoopGroup(type, threads, factories);
  }
}
