package dev.relay.receiver.otlp;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a receiver runs the calls it cannot run on its event loop: those whose pipeline may block, or whose
 * credentials need the slow (bcrypt) check. A fixed number of threads, each started when a call needs it and ended
 * after {@link #IDLE_SECONDS} without one, so a receiver whose pipeline never blocks has none at all.
 */
final class CallPool {
  static final long IDLE_SECONDS = 60;

  private CallPool() {}

  /** A pool of {@code max(2, cores)} threads named {@code prefix1}, {@code prefix2}, ...; none until needed. */
  static ThreadPoolExecutor create(String prefix) {
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> new Worker(r, prefix + n.incrementAndGet()));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Whether the calling thread is a pool's; otherwise a receiver's code runs on its event loop. */
  static boolean onPool() {
    return Thread.currentThread() instanceof Worker;
  }

  private static final class Worker extends Thread {
    Worker(Runnable task, String name) {
      super(task, name);
      setDaemon(true);
    }
  }
}
