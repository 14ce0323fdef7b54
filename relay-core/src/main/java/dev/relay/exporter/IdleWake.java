package dev.relay.exporter;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets shutdown wake a consumer thread that waits, idle, on an empty queue, without ever interrupting one that is
 * delivering. An idle consumer waits without a timeout, so a relay with nothing to do has no thread waking up
 * periodically; shutdown interrupts it only while it is in that wait.
 */
final class IdleWake {
  private final AtomicBoolean waiting = new AtomicBoolean();
  private volatile Thread thread;

  /** Called by the consumer before it waits; false when shutdown has begun and it must not wait. */
  boolean enter(RunState state) {
    thread = Thread.currentThread();
    waiting.set(true);
    if (!state.accepting()) {
      leave(false);
      return false;
    }
    return true;
  }

  /**
   * Called by the consumer after the wait. {@code interrupted}: the wait ended by an interrupt. If shutdown claimed
   * the wait, its interrupt is on its way: it is taken here so that it cannot cut the next delivery short.
   */
  void leave(boolean interrupted) {
    if (!waiting.compareAndSet(true, false) && !interrupted) {
      while (!Thread.interrupted()) {
        Thread.onSpinWait(); // shutdown interrupts right after claiming the wait
      }
    }
  }

  /** Called by shutdown after the exporter stopped accepting: ends the consumer's wait if it is waiting. */
  void wake() {
    Thread t = thread;
    if (t != null && waiting.compareAndSet(true, false)) {
      t.interrupt();
    }
  }
}
