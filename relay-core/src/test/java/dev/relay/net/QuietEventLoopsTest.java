package dev.relay.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.testing.ThreadWakeups;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link QuietEventLoops}: an idle loop does not wake up (Netty's own, beside it, wakes every second), and what is
 * scheduled on it, from outside or from the loop itself, still runs on time; it shuts down promptly.
 */
class QuietEventLoopsTest {
  private static final AtomicInteger GROUPS = new AtomicInteger();

  private static IoHandlerFactory transport(String name) {
    if (name.equals("epoll")) {
      assumeTrue(Epoll.isAvailable(), "epoll is not available here");
      return EpollIoHandler.newFactory();
    }
    return NioIoHandler.newFactory();
  }

  /** A quiet group of one loop, its thread started (it starts with the first task) and named {@code prefix-*}. */
  private static MultiThreadIoEventLoopGroup started(MultiThreadIoEventLoopGroup group) throws Exception {
    group.next().submit(() -> { }).get(5, TimeUnit.SECONDS);
    return group;
  }

  @ParameterizedTest
  @ValueSource(strings = {"nio", "epoll"})
  void anIdleLoopDoesNotWakeUpWhereNettysOwnWakesEverySecond(String transport) throws Exception {
    String quietName = "qt-" + GROUPS.incrementAndGet();
    String stockName = "st-" + GROUPS.incrementAndGet();
    MultiThreadIoEventLoopGroup quiet = started(QuietEventLoops.group(1,
        new DefaultThreadFactory(quietName, true), transport(transport)));
    MultiThreadIoEventLoopGroup stock = started(new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory(stockName, true), transport(transport)));
    try {
      assertThat(ThreadWakeups.names(quietName)).hasSize(1);
      long quiet0 = ThreadWakeups.of(quietName);
      long stock0 = ThreadWakeups.of(stockName);
      // The measured window itself, not a wait for something to happen.
      Thread.sleep(3_200);
      assertThat(ThreadWakeups.of(stockName) - stock0).as("Netty's own loop, idle, over 3.2 s")
          .isGreaterThanOrEqualTo(3);
      // At most the one return to its wait after the start-up task.
      assertThat(ThreadWakeups.of(quietName) - quiet0).as("the quiet loop, idle, over 3.2 s").isLessThanOrEqualTo(1);
    } finally {
      quiet.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      stock.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nio", "epoll"})
  void aTaskScheduledFromAnotherThreadWakesTheSleepingLoopOnTime(String transport) throws Exception {
    MultiThreadIoEventLoopGroup group = started(QuietEventLoops.group(1,
        new DefaultThreadFactory("qs-" + GROUPS.incrementAndGet(), true), transport(transport)));
    try {
      long t0 = System.nanoTime();
      ScheduledFuture<Long> ran = group.next().schedule(System::nanoTime, 300, TimeUnit.MILLISECONDS);
      long millis = TimeUnit.NANOSECONDS.toMillis(ran.get(5, TimeUnit.SECONDS) - t0);
      assertThat(millis).isBetween(300L, 3_000L);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nio", "epoll"})
  void aTaskTheLoopSchedulesItselfRunsOnTime(String transport) throws Exception {
    MultiThreadIoEventLoopGroup group = started(QuietEventLoops.group(1,
        new DefaultThreadFactory("ql-" + GROUPS.incrementAndGet(), true), transport(transport)));
    try {
      EventLoop loop = group.next();
      CompletableFuture<Long> ran = new CompletableFuture<>();
      long t0 = System.nanoTime();
      loop.execute(() -> loop.schedule(() -> ran.complete(System.nanoTime()), 300, TimeUnit.MILLISECONDS));
      long millis = TimeUnit.NANOSECONDS.toMillis(ran.get(5, TimeUnit.SECONDS) - t0);
      assertThat(millis).isBetween(300L, 3_000L);
      // Once it has run, with nothing scheduled any more, the loop sleeps again: a second one still wakes it. (A
      // loop that missed the wake-up would sleep for good: it has no periodic one to fall back on.)
      long t1 = System.nanoTime();
      long again = loop.schedule(System::nanoTime, 200, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
      assertThat(TimeUnit.NANOSECONDS.toMillis(again - t1)).isBetween(200L, 3_000L);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nio", "epoll"})
  void anIdleLoopShutsDownGracefullyWithinItsQuietPeriod(String transport) throws Exception {
    MultiThreadIoEventLoopGroup group = started(QuietEventLoops.group(1,
        new DefaultThreadFactory("qd-" + GROUPS.incrementAndGet(), true), transport(transport)));
    long t0 = System.nanoTime();
    assertThat(group.shutdownGracefully(200, 5_000, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(200L, 4_000L);
  }
}
