package dev.relay.queue;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A bounded queue between producers that must never block (receivers) and an exporter's consumer threads. A
 * persistent implementation can take the place of the memory one.
 */
public interface BoundedQueue<T> {
  /** Adds without blocking; false when full. */
  boolean offer(T item);

  /** The next item, waiting at most {@code timeout}; null when none came. */
  T poll(long timeout, TimeUnit unit) throws InterruptedException;

  /** The next item if one is ready, else null; never waits. */
  T poll();

  /** Moves up to {@code max} items that are ready into {@code into}, without waiting. */
  int drainTo(List<T> into, int max);

  int size();
}
