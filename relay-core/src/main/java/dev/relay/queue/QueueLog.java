package dev.relay.queue;

import dev.relay.telemetry.ThrottlingLogger;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent queue's messages. All its parts log under {@link PersistentQueue}'s name, each message naming the
 * queue's directory; failures that can repeat on every record share one throttle per queue.
 */
final class QueueLog {
  static final Logger LOG = LoggerFactory.getLogger(PersistentQueue.class);

  final Path directory;
  private final ThrottlingLogger throttled = new ThrottlingLogger(LOG);

  QueueLog(Path directory) {
    this.directory = directory;
  }

  /** A throttled warning: {@code queue <directory>: <what>}. */
  void warn(String what) {
    throttled.warn("queue " + directory + ": " + what);
  }

  /** A throttled error: {@code queue <directory>: <what>}. */
  void error(String what) {
    throttled.error("queue " + directory + ": " + what);
  }
}
