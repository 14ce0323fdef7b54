package dev.relay.app.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Lines handed over by any thread and written to {@code sink}, in order, by one daemon thread. Handing over never
 * waits: past {@code maxLines} lines or {@code maxBytes} bytes queued, a line is dropped and counted, and once the
 * writer has caught up it writes one line (made by {@code dropReport}) saying how many were dropped. The thread
 * blocks on the queue while there is nothing to write: it does not wake at idle.
 */
final class BackgroundLineWriter implements AutoCloseable {
  private final OutputStream sink;
  private final ArrayBlockingQueue<byte[]> queue;
  private final long maxBytes;
  private final LongFunction<byte[]> dropReport;
  private final Thread thread;
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong droppedTotal = new AtomicLong();
  /** Guards the decision to drop with its count, so the writer never misses a drop when it reports them. */
  private final Object admission = new Object();
  private long droppedUnreported;
  private long accepted;
  /** Guards {@link #caughtUp}, for {@link #awaitWritten}. */
  private final Object progress = new Object();
  /** Lines written when the writer last found the queue empty (and had reported drops and flushed the sink). */
  private long caughtUp;
  /** Lines written: the writer's own count. */
  private long written;

  BackgroundLineWriter(OutputStream sink, int maxLines, long maxBytes, LongFunction<byte[]> dropReport,
      String threadName) {
    if (maxLines < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("maxLines and maxBytes must be at least 1");
    }
    this.sink = sink;
    this.queue = new ArrayBlockingQueue<>(maxLines);
    this.maxBytes = maxBytes;
    this.dropReport = dropReport;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues {@code line} (its bytes, its line break included) for the writer; false when it was dropped instead.
   * A line larger than {@code maxBytes} is taken only into an empty queue.
   */
  boolean offer(byte[] line) {
    synchronized (admission) {
      long queued = queuedBytes.get();
      if (queued > 0 && queued + line.length > maxBytes || !queue.offer(line)) {
        droppedUnreported++;
        droppedTotal.incrementAndGet();
        return false;
      }
      queuedBytes.addAndGet(line.length);
      accepted++;
      return true;
    }
  }

  /** Lines dropped since the start. */
  long dropped() {
    return droppedTotal.get();
  }

  /**
   * Waits, at most {@code max}, until every line accepted so far is written, the count of lines dropped (if any)
   * after them, and the sink flushed: for exit paths, so that what was logged is out before the process ends. False
   * if the sink did not take it all in time.
   */
  boolean awaitWritten(Duration max) throws InterruptedException {
    long target;
    synchronized (admission) {
      target = accepted;
    }
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (progress) {
      while (caughtUp < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        progress.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }

  private void run() {
    try {
      while (true) {
        byte[] line = queue.poll();
        if (line == null) {
          reportDrops();
          flushSink();
          synchronized (progress) {
            caughtUp = written;
            progress.notifyAll();
          }
          line = queue.take();
        }
        queuedBytes.addAndGet(-line.length);
        write(line);
        written++;
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  /** Writes the count of lines dropped since the last report, if any. */
  private void reportDrops() {
    long n;
    synchronized (admission) {
      n = droppedUnreported;
      droppedUnreported = 0;
    }
    if (n > 0) {
      write(dropReport.apply(n));
    }
  }

  private void write(byte[] bytes) {
    try {
      sink.write(bytes);
    } catch (IOException | RuntimeException e) {
      // stderr is gone: there is nowhere left to say so, and the writer must live on for the lines after
    }
  }

  private void flushSink() {
    try {
      sink.flush();
    } catch (IOException | RuntimeException e) {
      // as in write
    }
  }

  /** Stops the thread; lines still queued are not written. */
  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(10_000);
  }
}
