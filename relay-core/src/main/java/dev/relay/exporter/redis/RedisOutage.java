package dev.relay.exporter.redis;

import dev.relay.component.ComponentId;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the exporter's Redis is reachable, as the log tells it: an outage is logged once when it starts and once
 * when it ends, with the number of messages dropped meanwhile; refused credentials are logged once, until a
 * connection works again. Called from the connecting thread, Lettuce's threads and the exporter's consumer.
 */
final class RedisOutage {
  // The exporter's log lines keep the logger name they always had.
  private static final Logger LOG = LoggerFactory.getLogger(RedisPublisher.class);

  private final ComponentId id;
  private final String safeEndpoint;
  private final String username;
  private final AtomicBoolean down = new AtomicBoolean(false);
  private final AtomicBoolean credentialsRefused = new AtomicBoolean(false);
  private final AtomicLong droppedInOutage = new AtomicLong();

  RedisOutage(ComponentId id, String safeEndpoint, String username) {
    this.id = id;
    this.safeEndpoint = safeEndpoint;
    this.username = username;
  }

  /** Redis cannot be reached; logged when an outage begins. */
  void down(String reason) {
    if (down.compareAndSet(false, true)) {
      droppedInOutage.set(0);
      LOG.warn("exporter {}: Redis at {} is unreachable ({}); dropping messages until it is back", id, safeEndpoint,
          reason);
    }
  }

  /** The connection works; logged when an outage ends. */
  void up() {
    if (down.compareAndSet(true, false)) {
      LOG.info("exporter {}: Redis at {} is reachable again; {} messages were dropped while it was not", id,
          safeEndpoint, droppedInOutage.get());
    }
  }

  /** Redis refused the credentials: wrong credentials will not fix themselves, so this is said plainly, once. */
  void credentialsRefused(String reason) {
    if (credentialsRefused.compareAndSet(false, true)) {
      LOG.error("exporter {}: Redis at {} refused the credentials{} ({}); check username/password. Messages "
          + "are dropped; other exporters are not affected", id, safeEndpoint,
          username == null ? "" : " of user '" + username + "'", reason);
    }
    down.set(true);
  }

  /** A connection was opened: credentials refused later are reported again. */
  void connected() {
    credentialsRefused.set(false);
  }

  boolean credentialsRefused() {
    return credentialsRefused.get();
  }

  /** One message part dropped for Redis being down or failing: the count the end of the outage reports. */
  void dropped() {
    droppedInOutage.incrementAndGet();
  }

  /** Whether a Redis error message says the credentials were refused. */
  static boolean isAuthFailure(String message) {
    return message != null && (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")
        || message.startsWith("NOPERM") || message.contains("invalid username-password")
        || message.contains("invalid password"));
  }
}
