package dev.relay.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * A bounded in-memory queue whose capacity is counted in any unit: requests, items or bytes (the Collector's
 * {@code sizer}). One short lock per request, never per span. An item larger than the whole capacity is still
 * accepted into an empty queue, so that it can be sent (or refused by the destination) rather than never fit.
 */
public final class MemoryQueue<T> implements ExportQueue<T> {
  private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
  private final long capacity;
  private final ToLongFunction<T> weigher;
  private final AtomicLong used = new AtomicLong();
  private final long maxBytes;
  private final ToLongFunction<T> bytes;
  private final AtomicLong usedBytes = new AtomicLong();

  /**
   * A queue of at most {@code capacity} units as {@code weigher} counts them, and at most {@code maxBytes} bytes
   * as {@code bytes} counts them (a memory guard whatever the unit).
   */
  public MemoryQueue(long capacity, ToLongFunction<T> weigher, long maxBytes, ToLongFunction<T> bytes) {
    if (capacity < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("capacity and maxBytes must be at least 1");
    }
    this.capacity = capacity;
    this.weigher = weigher;
    this.maxBytes = maxBytes;
    this.bytes = bytes;
  }

  @Override
  public boolean offer(T item) {
    long w = weigher.applyAsLong(item);
    long b = bytes.applyAsLong(item);
    long now = used.addAndGet(w);
    long nowBytes = usedBytes.addAndGet(b);
    if ((now > capacity && now != w) || (nowBytes > maxBytes && nowBytes != b)) {
      used.addAndGet(-w);
      usedBytes.addAndGet(-b);
      return false;
    }
    queue.offer(item);
    return true;
  }

  @Override
  public QueueEntry<T> poll(long timeout, TimeUnit unit) throws InterruptedException {
    return taken(queue.poll(timeout, unit));
  }

  @Override
  public QueueEntry<T> poll() {
    return taken(queue.poll());
  }

  private QueueEntry<T> taken(T item) {
    if (item == null) {
      return null;
    }
    used.addAndGet(-weigher.applyAsLong(item));
    usedBytes.addAndGet(-bytes.applyAsLong(item));
    return new QueueEntry<>(item, 0);
  }

  @Override
  public void done(QueueEntry<T> entry) {}

  @Override
  public int size() {
    return queue.size();
  }

  @Override
  public long used() {
    return used.get();
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public List<T> close() {
    List<T> rest = new ArrayList<>();
    queue.drainTo(rest);
    for (T item : rest) {
      used.addAndGet(-weigher.applyAsLong(item));
      usedBytes.addAndGet(-bytes.applyAsLong(item));
    }
    return rest;
  }
}
