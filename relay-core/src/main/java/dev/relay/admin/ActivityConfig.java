package dev.relay.admin;

import dev.relay.exporter.redis.RedisExporterConfig;
import java.time.Duration;

/**
 * Settings of the admin server's {@code /activity/stream}: the Redis it reads ({@code null} when none is
 * configured, in which case the endpoint answers 503), where those settings came from (for messages), the heartbeat
 * period, how many messages one client may have waiting before newer pub/sub messages are dropped for it, and how
 * many clients may stream at once.
 */
public record ActivityConfig(Redis redis, String source, Duration heartbeat, int clientBuffer, int maxClients) {
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
  public static final int DEFAULT_CLIENT_BUFFER = 1000;
  public static final int DEFAULT_MAX_CLIENTS = 64;

  /** The Redis to read from; the same URI forms and TLS settings as the {@code redis} exporter. */
  public record Redis(String endpoint, String username, String password, RedisExporterConfig.Tls tls) {
    @Override
    public String toString() {
      return "Redis[endpoint=" + endpoint + "]"; // never print the password
    }
  }

  /** No Redis, default settings. */
  public static ActivityConfig none() {
    return new ActivityConfig(null, null, DEFAULT_HEARTBEAT, DEFAULT_CLIENT_BUFFER, DEFAULT_MAX_CLIENTS);
  }
}
