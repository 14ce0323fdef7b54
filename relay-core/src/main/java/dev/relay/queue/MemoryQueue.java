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
public final class MemoryQueue<T> implements BoundedQueue<T> {
  private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
  private final long capacity;
  private final ToLongFunction<T> weigher;
  private final AtomicLong used = new AtomicLong();
  private final long maxBytes;
  private final ToLongFunction<T> bytes;
  private final AtomicLong usedBytes = new AtomicLong();

  /** A queue of at most {@code capacity} requests. */
  public MemoryQueue(int capacity) {
    this(capacity, item -> 1, Long.MAX_VALUE, item -> 0);
  }

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
  public T poll(long timeout, TimeUnit unit) throws InterruptedException {
    return taken(queue.poll(timeout, unit));
  }

  @Override
  public T poll() {
    return taken(queue.poll());
  }

  @Override
  public int drainTo(List<T> into, int max) {
    List<T> taken = new ArrayList<>();
    int n = queue.drainTo(taken, max);
    for (T item : taken) {
      used.addAndGet(-weigher.applyAsLong(item));
      usedBytes.addAndGet(-bytes.applyAsLong(item));
    }
    into.addAll(taken);
    return n;
  }

  private T taken(T item) {
    if (item != null) {
      used.addAndGet(-weigher.applyAsLong(item));
      usedBytes.addAndGet(-bytes.applyAsLong(item));
    }
    return item;
  }

  @Override
  public int size() {
    return queue.size();
  }

  /** How much of the capacity is in use, in the queue's unit. */
  public long used() {
    return used.get();
  }

}
