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
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> request("SIGHUP"));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.warn("SIGHUP cannot be handled here ({}); use --watch-config or POST /reload to reload", e.getMessage());
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
