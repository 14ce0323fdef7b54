package dev.relay.redis;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A Netty {@link Timer} for Lettuce whose one thread sleeps until a timeout is due, and is not woken by timeouts
 * that fall due later than it will wake anyway. Lettuce's default, a hashed wheel, ticks ten times a second for as
 * long as the client lives (the main reason an idle relay woke up at all). Lettuce also arms a timeout for every
 * command and cancels it when the reply comes: a scheduler that woke its thread for each of them (as a {@code
 * ScheduledThreadPoolExecutor} does whenever a task becomes its head) cost a context switch per command. Here a
 * new timeout is only queued; the thread wakes at the earliest deadline it knows, or at most once a second while
 * timeouts come and go, to drop the cancelled ones (so they cannot pile up), and never after a second without any.
 */
public final class SleepingTimer implements Timer {
  /** How long cancelled timeouts may wait to be dropped, at most: bounds what they hold. */
  private static final long PURGE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final String name;
  private final Queue<Entry> added = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicInteger wakeUps = new AtomicInteger();
  private volatile Thread worker;
  private volatile boolean stopped;
  /** When the worker will wake by itself (nanoTime); {@code Long.MAX_VALUE}: only when unparked. */
  private volatile long wakeAt = Long.MAX_VALUE;
  /** Whether the worker is between two waits: it looks at {@link #added} before it waits again. */
  private volatile boolean awake = true;
  /** Owned by the worker thread. */
  private final List<Entry> scheduled = new ArrayList<>();

  /** A timer whose one daemon thread, started at the first timeout, is named {@code name}. */
  public SleepingTimer(String name) {
    this.name = name;
  }

  @Override
  public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
    if (stopped) {
      throw new IllegalStateException("timer " + name + " was stopped");
    }
    Entry e = new Entry(task, System.nanoTime() + Math.max(0, unit.toNanos(delay)));
    added.add(e);
    if (started.compareAndSet(false, true)) {
      Thread t = new Thread(this::run, name);
      t.setDaemon(true);
      worker = t;
      t.start();
    } else if (!awake) {
      long w = wakeAt;
      if (w == Long.MAX_VALUE || e.deadline - w < 0) {
        LockSupport.unpark(worker);
      }
    }
    return e;
  }

  @Override
  public Set<Timeout> stop() {
    stopped = true;
    Thread t = worker;
    if (t != null) {
      LockSupport.unpark(t);
    }
    return Set.of();
  }

  /** How many times the thread has woken up: what this timer exists to keep low. */
  int wakeUps() {
    return wakeUps.get();
  }

  private void run() {
    while (!stopped) {
      for (Entry e; (e = added.poll()) != null; ) {
        scheduled.add(e);
      }
      boolean hadTimeouts = !scheduled.isEmpty();
      long now = System.nanoTime();
      long wait = PURGE_NANOS;
      for (int i = scheduled.size() - 1; i >= 0; i--) {
        Entry e = scheduled.get(i);
        if (e.state.get() != Entry.PENDING) {
          removeAt(i);
        } else if (e.deadline - now <= 0) {
          removeAt(i);
          e.expire();
        } else {
          wait = Math.min(wait, e.deadline - now);
        }
      }
      // Commands come in runs and each cancels its timeout at once, so the drain often finds every timeout
      // cancelled. Sleeping for good then would let the next command's timeout wake the thread again: one wake-up
      // per command. It lingers a purge interval instead, and sleeps for good only after one without timeouts.
      long next = scheduled.isEmpty() && !hadTimeouts ? Long.MAX_VALUE : now + wait;
      wakeAt = next;
      awake = false;
      // A timeout added after the drain is either seen here, or its adder sees awake false and the new wakeAt.
      if (!added.isEmpty()) {
        awake = true;
        continue;
      }
      if (next == Long.MAX_VALUE) {
        LockSupport.park(this);
      } else {
        LockSupport.parkNanos(this, wait);
      }
      awake = true;
      wakeUps.incrementAndGet();
    }
  }

  /** Removes without shifting the rest (order does not matter here). */
  private void removeAt(int i) {
    int last = scheduled.size() - 1;
    scheduled.set(i, scheduled.get(last));
    scheduled.remove(last);
  }

  /** What a cancelled timeout holds instead of its task. */
  private static final TimerTask CANCELLED_TASK = timeout -> {};

  private final class Entry implements Timeout {
    static final int PENDING = 0;
    static final int CANCELLED = 1;
    static final int EXPIRED = 2;

    /**
     * Dropped at cancel: a cancelled timeout stays queued up to {@link #PURGE_NANOS}, and Lettuce's task holds its
     * command and the command's whole reply (100 stream entries of a client's replay, say): kept, those of one
     * second of commands filled a 64 MiB heap with 16 {@code /activity/stream} replays.
     */
    private volatile TimerTask task;
    final long deadline;
    final AtomicInteger state = new AtomicInteger(PENDING);

    Entry(TimerTask task, long deadline) {
      this.task = task;
      this.deadline = deadline;
    }

    void expire() {
      if (state.compareAndSet(PENDING, EXPIRED)) {
        try {
          task.run(this); // set before the entry was queued, and never dropped once expired
        } catch (Throwable t) {
          // As Netty's wheel: a failing task must not stop the timer for the others.
        }
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
      return state.get() == EXPIRED;
    }

    @Override
    public boolean isCancelled() {
      return state.get() == CANCELLED;
    }

    @Override
    public boolean cancel() {
      if (state.compareAndSet(PENDING, CANCELLED)) {
        task = CANCELLED_TASK;
        return true;
      }
      return false;
    }
  }
}
