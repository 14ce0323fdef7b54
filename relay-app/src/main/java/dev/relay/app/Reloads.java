package dev.relay.app;

import dev.relay.service.RelayService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reloads asked for by SIGHUP or {@code --watch-config} on one thread of their own, one after another. Asks
 * that arrive while one is waiting to run are folded into it: it reads the files as they are when it starts.
 */
final class Reloads implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("relay");

  private final RelayService service;
  private final AtomicBoolean waiting = new AtomicBoolean();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "relay-reload");
    t.setDaemon(true);
    return t;
  });

  Reloads(RelayService service) {
    this.service = service;
  }

  /** Asks for a reload because of {@code why} (for the log). Never blocks. */
  void request(String why) {
    if (!waiting.compareAndSet(false, true)) {
      return;
    }
    LOG.info("reload requested ({})", why);
    worker.execute(() -> {
      waiting.set(false);
      service.reload();
    });
  }

  /** Reloads on SIGHUP, where the platform has it. */
  void onSighup() {
    try {
      sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal("HUP"),
          signal -> request("SIGHUP"));
      if (previous == sun.misc.SignalHandler.SIG_IGN) {
        // Started with SIGHUP ignored (as nohup does): the JVM keeps it ignored, and a SIGHUP would do nothing.
        LOG.warn("SIGHUP is ignored in this process (it was started with SIGHUP ignored, as by nohup); use "
            + "--watch-config or POST /reload to reload");
      }
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.warn("SIGHUP cannot be handled here ({}); use --watch-config or POST /reload to reload", e.getMessage());
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
