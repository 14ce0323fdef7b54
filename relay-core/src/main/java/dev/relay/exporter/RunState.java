package dev.relay.exporter;

/**
 * Where an exporter is in its life, read by all its parts: accepting batches; draining (no longer accepting,
 * delivering what is queued until the drain deadline); or stopping now (give up what is in hand).
 */
final class RunState {
  private volatile boolean accepting = true;
  private volatile boolean started;
  private volatile boolean stopNow;
  private volatile long drainDeadline = Long.MAX_VALUE;

  boolean accepting() {
    return accepting;
  }

  boolean started() {
    return started;
  }

  boolean stoppingNow() {
    return stopNow;
  }

  /** The {@code nanoTime} by which delivery must end: {@code Long.MAX_VALUE} until shutdown begins. */
  long drainDeadline() {
    return drainDeadline;
  }

  void markStarted() {
    started = true;
  }

  /** Stops accepting; what is queued may be delivered until {@code deadline}. */
  void drainUntil(long deadline) {
    accepting = false;
    drainDeadline = deadline;
  }

  void stopNow() {
    stopNow = true;
  }
}
