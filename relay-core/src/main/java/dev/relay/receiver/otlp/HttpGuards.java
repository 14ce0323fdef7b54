package dev.relay.receiver.otlp;

import dev.relay.config.ConfigMap;
import java.time.Duration;

/**
 * {@code protocols.http}'s guards against clients that hold connections: {@code max_connections} open at once, and
 * {@code read_header_timeout}, within which a request's head must arrive from its first byte (the Collector's
 * confighttp key and default).
 */
record HttpGuards(int maxConnections, Duration readHeaderTimeout) {
  static final int DEFAULT_MAX_CONNECTIONS = 256;
  static final Duration DEFAULT_READ_HEADER_TIMEOUT = Duration.ofMinutes(1);
  static final HttpGuards DEFAULTS = new HttpGuards(DEFAULT_MAX_CONNECTIONS, DEFAULT_READ_HEADER_TIMEOUT);

  static HttpGuards parse(ConfigMap http) {
    int max = (int) http.integer("max_connections", DEFAULT_MAX_CONNECTIONS, 1, 1_000_000);
    Duration header = http.duration("read_header_timeout", DEFAULT_READ_HEADER_TIMEOUT);
    if (header.isZero()) {
      http.problem("read_header_timeout", "must be greater than zero");
      header = DEFAULT_READ_HEADER_TIMEOUT;
    }
    return new HttpGuards(max, header);
  }
}
