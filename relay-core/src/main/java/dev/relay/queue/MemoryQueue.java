package dev.relay.queue;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bounded in-memory queue of requests; one short lock per request, never per span. */
public final class MemoryQueue<T> implements BoundedQueue<T> {
  private final ArrayBlockingQueue<T> queue;
  private final int capacity;

  public MemoryQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  @Override
  public boolean offer(T item) {
    return queue.offer(item);
  }

  @Override
  public T poll(long timeout, TimeUnit unit) throws InterruptedException {
    return queue.poll(timeout, unit);
  }

  @Override
  public T poll() {
    return queue.poll();
  }

  @Override
  public int drainTo(List<T> into, int max) {
    return queue.drainTo(into, max);
  }

  @Override
  public T peek() {
    return queue.peek();
  }

  @Override
  public int size() {
    return queue.size();
  }

  @Override
  public int capacity() {
    return capacity;
  }
}
