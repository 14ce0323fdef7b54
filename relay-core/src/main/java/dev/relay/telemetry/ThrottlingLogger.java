package dev.relay.telemetry;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Lets at most {@code perMinute} messages a minute through to a logger; the rest are counted and their number is
 * reported with the next message let through. Keeps a failing peer from flooding the log.
 */
public final class ThrottlingLogger {
  private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Logger delegate;
  private final int perMinute;
  private final LongSupplier nanoTime;
  private final Object lock = new Object();
  private long windowStart;
  private int inWindow;
  private final AtomicLong suppressed = new AtomicLong();

  public ThrottlingLogger(Logger delegate) {
    this(delegate, 5, System::nanoTime);
  }

  public ThrottlingLogger(Logger delegate, int perMinute, LongSupplier nanoTime) {
    this.delegate = delegate;
    this.perMinute = perMinute;
    this.nanoTime = nanoTime;
    this.windowStart = nanoTime.getAsLong();
  }

  public void warn(String message) {
    if (allow()) {
      delegate.warn(withSuppressed(message));
    }
  }

  public void error(String message) {
    if (allow()) {
      delegate.error(withSuppressed(message));
    }
  }

  private boolean allow() {
    synchronized (lock) {
      long now = nanoTime.getAsLong();
      if (now - windowStart >= WINDOW_NANOS) {
        windowStart = now;
        inWindow = 0;
      }
      if (inWindow < perMinute) {
        inWindow++;
        return true;
      }
    }
    suppressed.incrementAndGet();
    return false;
  }

  private String withSuppressed(String message) {
    long n = suppressed.getAndSet(0);
    return n == 0 ? message : message + " (" + n + " similar messages suppressed)";
  }
}
