package dev.relay.net;

import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.SingleThreadIoEventLoop;
import java.util.concurrent.Executor;

/**
 * A Netty event loop that, with no scheduled task, waits for I/O or a task without a timeout. Netty's loop waits at
 * most a second then, so that it can purge cancelled scheduled tasks; with none scheduled there is nothing to purge.
 * A task scheduled from another thread is submitted through the task queue, which wakes the loop, and the loop
 * recomputes its wait before blocking again; a shutdown queues a wake-up task, so it never blocks one either.
 */
final class QuietEventLoop extends SingleThreadIoEventLoop {
  /** What a transport takes as "no deadline": NIO for {@link #delayNanos}, epoll for {@link #deadlineNanos}. */
  private static final long NO_DELAY_BOUND = Long.MAX_VALUE;
  private static final long NO_DEADLINE = -1;

  QuietEventLoop(IoEventLoopGroup parent, Executor executor, IoHandlerFactory io) {
    super(parent, executor, io);
  }

  @Override
  protected long delayNanos(long currentTimeNanos) {
    return sleepsUntilWoken() ? NO_DELAY_BOUND : super.delayNanos(currentTimeNanos);
  }

  @Override
  protected long deadlineNanos() {
    return sleepsUntilWoken() ? NO_DEADLINE : super.deadlineNanos();
  }

  /** Whether nothing is scheduled on this loop (and it is not shutting down, which keeps Netty's own timing). */
  boolean sleepsUntilWoken() {
    return nextScheduledTaskDeadlineNanos() == NO_DEADLINE && !isShuttingDown();
  }
}
