package dev.relay.admin;

import dev.relay.config.ConfigMap;
import java.time.Duration;

/**
 * {@code service.admin}'s timeouts: the time a request's head may take from its first byte
 * ({@code read_header_timeout}, the Collector's confighttp key), the time a connection may stay idle
 * ({@code idle_timeout}; event streams have their heartbeat), and the time an event stream's client may leave its
 * data unread once its buffer is full ({@code write_stall_timeout}).
 */
public record AdminTimeouts(Duration readHeader, Duration idle, Duration writeStall) {
  public static final AdminTimeouts DEFAULTS =
      new AdminTimeouts(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofSeconds(30));

  public AdminTimeouts {
    for (Duration d : new Duration[] {readHeader, idle, writeStall}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("admin timeouts must be more than 0");
      }
    }
  }

  /** Reads the three keys of {@code service.admin}; the caller rejects its unknown keys. */
  static AdminTimeouts parse(ConfigMap admin) {
    return new AdminTimeouts(positive(admin, "read_header_timeout", DEFAULTS.readHeader),
        positive(admin, "idle_timeout", DEFAULTS.idle), positive(admin, "write_stall_timeout", DEFAULTS.writeStall));
  }

  private static Duration positive(ConfigMap admin, String key, Duration fallback) {
    Duration d = admin.duration(key, fallback);
    if (d.isZero() || d.isNegative()) {
      admin.problem(key, "must be greater than zero");
      return fallback;
    }
    return d;
  }
}
