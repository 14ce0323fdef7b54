package dev.relay.component;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One memory budget for request data in flight in the process: bytes of request bodies being read, gunzipped and
 * decoded, and gRPC messages being handled, over every connection of every receiver. A receiver reserves bytes
 * before it buffers them and gives them back once the request is answered; a request that does not fit is refused
 * with a retryable status before it costs memory. By default a quarter of the heap ({@code service.limits}).
 */
public final class InFlightBudget {
  private static final InFlightBudget PROCESS = new InFlightBudget(defaultBytes());

  private volatile long limit;
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  /** A budget of its own, for tests; the relay's receivers share {@link #process()}. */
  public InFlightBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the budget must be at least 1 byte");
    }
    this.limit = limit;
  }

  /** The budget every receiver of this process shares. */
  public static InFlightBudget process() {
    return PROCESS;
  }

  /** A quarter of the heap the JVM may use ({@code -Xmx}): 16 MiB at the image's 64 MiB. */
  public static long defaultBytes() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  /** Sets the size; what is held now stays held, and new reservations see the new size. */
  public void resize(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("the budget must be at least 1 byte");
    }
    this.limit = bytes;
  }

  public long limit() {
    return limit;
  }

  /** Bytes reserved now. */
  public long used() {
    return used.get();
  }

  /** Reservations refused so far. */
  public long refusals() {
    return refused.get();
  }

  /** Reserves {@code bytes} if they fit beside what is held; false (and counted) when they do not. */
  public boolean tryReserve(long bytes) {
    long max = limit;
    while (true) {
      long now = used.get();
      if (now + bytes > max) {
        refused.incrementAndGet();
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  public void release(long bytes) {
    used.addAndGet(-bytes);
  }
}
