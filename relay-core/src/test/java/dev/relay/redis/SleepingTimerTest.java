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
}
