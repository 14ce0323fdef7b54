package dev.relay.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Spans named {@code s} ended at a steady rate on each of some {@link Sdk}s, one thread per SDK, until
 * {@link #stop}: {@code spansPerTick} every 10 ms each (20 per tick: 2,000 spans/s per SDK). Bounded at 100,000
 * ticks (over 16 minutes).
 */
public final class SteadyLoad implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong ended = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();

  private SteadyLoad(int spansPerTick, List<Sdk> sdks) {
    for (Sdk sdk : sdks) {
      threads.add(new Thread(() -> {
        long next = System.nanoTime();
        for (int tick = 0; running.get() && tick < 100_000; tick++) {
          for (int i = 0; i < spansPerTick; i++) {
            sdk.tracer().spanBuilder("s").startSpan().end();
            ended.incrementAndGet();
          }
          next += 10_000_000;
          LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
      }, "steady-load"));
    }
    threads.forEach(Thread::start);
  }

  public static SteadyLoad start(int spansPerTick, Sdk... sdks) {
    return new SteadyLoad(spansPerTick, List.of(sdks));
  }

  /** Stops the threads (waiting up to 10 s each) and returns how many spans they ended. */
  public long stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(10_000);
    }
    return ended.get();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
