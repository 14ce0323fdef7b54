package dev.relay.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.Timeout;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SleepingTimerTest {
  @Test
  void runsATaskWhenDueAndNotOnceCancelled() throws Exception {
    SleepingTimer timer = new SleepingTimer("test-timer");
    try {
      CountDownLatch ran = new CountDownLatch(1);
      Timeout due = timer.newTimeout(t -> ran.countDown(), 10, TimeUnit.MILLISECONDS);
      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
      // The task ran; its future completes just after it returns.
      dev.relay.testing.Await.until(java.time.Duration.ofSeconds(5), "expired", due::isExpired);
      assertThat(due.timer()).isSameAs(timer);

      AtomicInteger cancelledRuns = new AtomicInteger();
      Timeout later = timer.newTimeout(t -> cancelledRuns.incrementAndGet(), 1, TimeUnit.HOURS);
      assertThat(later.cancel()).isTrue();
      assertThat(later.isCancelled()).isTrue();
      assertThat(later.isExpired()).isFalse();
      assertThat(cancelledRuns.get()).isZero();
    } finally {
      timer.stop();
    }
  }

  @Test
  void aCancelledTimeoutLetsGoOfItsTaskAtOnce() {
    SleepingTimer timer = new SleepingTimer("test-timer");
    try {
      // Lettuce's task holds its command and the reply: it must not wait in the queue with the cancelled entry.
      io.netty.util.TimerTask task = t -> { };
      Timeout timeout = timer.newTimeout(task, 60, TimeUnit.SECONDS);
      assertThat(timeout.task()).isSameAs(task);
      assertThat(timeout.cancel()).isTrue();
      assertThat(timeout.task()).isNotSameAs(task);
      assertThat(timeout.cancel()).isFalse();
    } finally {
      timer.stop();
    }
  }

  @Test
  void aFailingTaskDoesNotStopTheTimer() throws Exception {
    SleepingTimer timer = new SleepingTimer("test-timer");
    try {
      timer.newTimeout(t -> {
        throw new IllegalStateException("boom");
      }, 0, TimeUnit.MILLISECONDS);
      CountDownLatch ran = new CountDownLatch(1);
      timer.newTimeout(t -> ran.countDown(), 5, TimeUnit.MILLISECONDS);
      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      timer.stop();
    }
  }

  @Test
  void timeoutsArmedAndCancelledPerCommandDoNotWakeTheThreadEachTime() throws Exception {
    SleepingTimer timer = new SleepingTimer("test-timer");
    try {
      CountDownLatch first = new CountDownLatch(1);
      timer.newTimeout(t -> first.countDown(), 1, TimeUnit.MILLISECONDS); // starts the thread
      assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
      int before = timer.wakeUps();
      // As Lettuce does per command: a timeout armed, then cancelled when the reply comes.
      for (int i = 0; i < 10_000; i++) {
        timer.newTimeout(t -> { }, 60, TimeUnit.SECONDS).cancel();
      }
      // The first wakes the sleeping thread; the rest fall due later than it will wake anyway. A slow machine may
      // also see the once-a-second purge.
      assertThat(timer.wakeUps() - before).isLessThanOrEqualTo(4);
    } finally {
      timer.stop();
    }
  }

  @Test
  void commandsSpacedOutDoNotWakeTheThreadEachTime() throws Exception {
    SleepingTimer timer = new SleepingTimer("test-timer");
    try {
      CountDownLatch first = new CountDownLatch(1);
      timer.newTimeout(t -> first.countDown(), 1, TimeUnit.MILLISECONDS);
      assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
      int before = timer.wakeUps();
      long start = System.nanoTime();
      // A command every 2 ms (pacing, not synchronisation): each drain finds the timeouts so far all cancelled.
      // Had the thread then slept for good, each next command would have woken it: about 50 wake-ups.
      for (int i = 0; i < 50; i++) {
        timer.newTimeout(t -> { }, 60, TimeUnit.SECONDS).cancel();
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      }
      // The lingering thread wakes once a purge interval (a second): on a loaded machine the 50 commands may take
      // several, and each adds one wake-up, never one per command.
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertThat(timer.wakeUps() - before).isLessThanOrEqualTo(3 + (int) seconds);
    } finally {
      timer.stop();
    }
  }

  @Test
  void anEarlierTimeoutWakesTheThreadWaitingForALaterOne() throws Exception {
    SleepingTimer timer = new SleepingTimer("test-timer");
    try {
      timer.newTimeout(t -> { }, 1, TimeUnit.HOURS);
      long start = System.nanoTime();
      CountDownLatch ran = new CountDownLatch(1);
      timer.newTimeout(t -> ran.countDown(), 20, TimeUnit.MILLISECONDS);
      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    } finally {
      timer.stop();
    }
  }

  @Test
  void aStoppedTimerTakesNoMoreTimeouts() {
    SleepingTimer timer = new SleepingTimer("test-timer");
    timer.stop();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> timer.newTimeout(t -> { }, 1, TimeUnit.SECONDS))
        .isInstanceOf(IllegalStateException.class);
  }
}
