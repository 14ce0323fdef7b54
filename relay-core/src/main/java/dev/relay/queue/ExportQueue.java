package dev.relay.queue;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A bounded queue between producers that must never block for long (receivers) and an exporter's consumer threads.
 * A taken entry is only forgotten once {@link #done} says so: a persistent queue sends what was taken but not done
 * again after a restart.
 */
public interface ExportQueue<T> {
  /** Adds without blocking; false when full (or, for a persistent queue, when the item cannot be stored). */
  boolean offer(T item);

  /** The next entry, waiting at most {@code timeout}; null when none came. */
  QueueEntry<T> poll(long timeout, TimeUnit unit) throws InterruptedException;

  /** The next entry if one is ready, else null; never waits. */
  QueueEntry<T> poll();

  /** The entry was delivered, or dropped for good: a persistent queue may now delete it. */
  void done(QueueEntry<T> entry);

  /** Entries waiting to be taken. */
  int size();

  /** How much of the capacity the waiting entries use, in the queue's unit. */
  long used();

  /** Whether entries outlive the process. */
  boolean persistent();

  /**
   * Closes the queue. A memory queue hands back what was never taken (the caller counts it as lost); a persistent
   * queue keeps it, and what was taken but not done, for the next start, and returns an empty list.
   */
  List<T> close();
}
