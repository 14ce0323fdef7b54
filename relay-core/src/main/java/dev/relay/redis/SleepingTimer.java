package dev.relay.redis;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A Netty {@link Timer} for Lettuce (reconnect delays, topology refresh) whose thread sleeps until the next task is
 * due. Lettuce's default, a hashed wheel, ticks ten times a second for as long as the client lives: the main reason
 * an idle relay woke up at all. Lettuce schedules a few timeouts per connection event, never per command, so one
 * scheduler thread and its lock cost nothing on the hot path.
 */
public final class SleepingTimer implements Timer {
  private final ScheduledThreadPoolExecutor scheduler;

  /** A timer whose one daemon thread is named {@code name}. */
  public SleepingTimer(String name) {
    scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
    ScheduledTimeout timeout = new ScheduledTimeout(task);
    timeout.future = scheduler.schedule(timeout, delay, unit);
    return timeout;
  }

  @Override
  public Set<Timeout> stop() {
    scheduler.shutdownNow();
    return Set.of();
  }

  private final class ScheduledTimeout implements Timeout, Runnable {
    private final TimerTask task;
    private volatile ScheduledFuture<?> future;

    ScheduledTimeout(TimerTask task) {
      this.task = task;
    }

    @Override
    public void run() {
      try {
        task.run(this);
      } catch (Exception e) {
        // As Netty's wheel: a failing task must not stop the timer for the others.
      }
    }

    @Override
    public Timer timer() {
      return SleepingTimer.this;
    }

    @Override
    public TimerTask task() {
      return task;
    }

    @Override
    public boolean isExpired() {
      ScheduledFuture<?> f = future;
      return f != null && f.isDone() && !f.isCancelled();
    }

    @Override
    public boolean isCancelled() {
      ScheduledFuture<?> f = future;
      return f != null && f.isCancelled();
    }

    @Override
    public boolean cancel() {
      ScheduledFuture<?> f = future;
      return f != null && f.cancel(false);
    }
  }
}
