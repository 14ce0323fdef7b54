package dev.relay.app;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT taken as a request to stop rather than as the JVM's own shutdown. Left to the JVM, a signal
 * ends the process with 128 + the signal's number (143, 130) however cleanly the relay drained; Kubernetes,
 * systemd and compose then report a failure. With these handlers {@code relay run} drains and returns 0.
 */
final class StopSignals {
  private static final String[] NAMES = {"TERM", "INT"};

  private final CountDownLatch requested = new CountDownLatch(1);

  private StopSignals() {}

  /**
   * Handles SIGTERM and SIGINT from now on. Where the JVM keeps a signal for itself ({@code -Xrs}, or a platform
   * without it) that signal is left alone: the shutdown hook still stops the relay, only the exit code is the JVM's.
   */
  static StopSignals install() {
    StopSignals signals = new StopSignals();
    for (String name : NAMES) {
      try {
        Signal.handle(new Signal(name), s -> signals.requested.countDown());
      } catch (IllegalArgumentException e) {
        // kept by the JVM: see above
      }
    }
    return signals;
  }

  /** Blocks until a stop signal arrives; without handlers, forever (the shutdown hook ends the process then). */
  void await() throws InterruptedException {
    requested.await();
  }
}
