package dev.relay.admin;

import dev.relay.config.ConfigMap;
import dev.relay.redis.RedisEndpoint;
import dev.relay.redis.RedisNames;
import java.time.Duration;

/**
 * Settings of the admin server's {@code /activity/stream} ({@code service.admin.activity}): the Redis it reads
 * ({@code null} when none is configured, in which case the endpoint answers 503), where those settings came from
 * (for messages), the heartbeat period, how many messages and bytes one client may have waiting before newer
 * pub/sub messages are dropped for it (and a stream is read more slowly), how many clients may stream at once, and
 * which channels and streams it serves ({@link ActivityAllowList}).
 */
public record ActivityConfig(RedisEndpoint redis, String source, Duration heartbeat, int clientBuffer,
    int maxClients, long clientBufferBytes, ActivityAllowList allow) {
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
  public static final int DEFAULT_CLIENT_BUFFER = 1000;
  /** 64 clients of 256 KiB each stay within 16 MiB, a quarter of the image's 64 MiB heap. */
  public static final long DEFAULT_CLIENT_BUFFER_BYTES = 256 * 1024;
  public static final int DEFAULT_MAX_CLIENTS = 64;
  static final String OWN_SOURCE = "service.admin.activity.redis";

  /**
   * A Redis another component lends the stream when it has none of its own (null: none), where that is configured,
   * and what the components write to Redis, which is what the stream serves unless {@code allow} says otherwise.
   */
  public record Lender(RedisEndpoint redis, String source, RedisNames written) {
    public Lender(RedisEndpoint redis, String source) {
      this(redis, source, RedisNames.NONE);
    }
  }

  /** With the default {@code client_buffer_bytes}, serving every channel and stream: for tests and embedders. */
  public ActivityConfig(RedisEndpoint redis, String source, Duration heartbeat, int clientBuffer, int maxClients) {
    this(redis, source, heartbeat, clientBuffer, maxClients, DEFAULT_CLIENT_BUFFER_BYTES,
        ActivityAllowList.everything());
  }

  /** Serving every channel and stream: for tests and embedders. */
  public ActivityConfig(RedisEndpoint redis, String source, Duration heartbeat, int clientBuffer, int maxClients,
      long clientBufferBytes) {
    this(redis, source, heartbeat, clientBuffer, maxClients, clientBufferBytes, ActivityAllowList.everything());
  }

  /** With the default {@code client_buffer_bytes}. */
  public ActivityConfig(RedisEndpoint redis, String source, Duration heartbeat, int clientBuffer, int maxClients,
      ActivityAllowList allow) {
    this(redis, source, heartbeat, clientBuffer, maxClients, DEFAULT_CLIENT_BUFFER_BYTES, allow);
  }

  /** No Redis, default settings. */
  public static ActivityConfig none() {
    return new ActivityConfig(null, null, DEFAULT_HEARTBEAT, DEFAULT_CLIENT_BUFFER, DEFAULT_MAX_CLIENTS,
        DEFAULT_CLIENT_BUFFER_BYTES, ActivityAllowList.NONE);
  }

  /** {@code redis} with default settings, serving every channel and stream: for tests and embedders. */
  public static ActivityConfig serveAll(RedisEndpoint redis, String source, Duration heartbeat, int clientBuffer,
      int maxClients) {
    return new ActivityConfig(redis, source, heartbeat, clientBuffer, maxClients, DEFAULT_CLIENT_BUFFER_BYTES,
        ActivityAllowList.everything());
  }

  /**
   * Reads {@code service.admin.activity}, and rejects its unknown keys. Without {@code redis}, {@code lender}'s
   * Redis is used (null: none).
   */
  public static ActivityConfig parse(ConfigMap m, Lender lender) {
    Duration heartbeat = m.duration("heartbeat", DEFAULT_HEARTBEAT);
    if (heartbeat.isZero()) {
      m.problem("heartbeat", "must be greater than zero");
      heartbeat = DEFAULT_HEARTBEAT;
    }
    int clientBuffer = (int) m.integer("client_buffer", DEFAULT_CLIENT_BUFFER, 1, 1_000_000);
    int maxClients = (int) m.integer("max_clients", DEFAULT_MAX_CLIENTS, 1, 10_000);
    long clientBufferBytes = m.integer("client_buffer_bytes", DEFAULT_CLIENT_BUFFER_BYTES, 1024, 1L << 30);
    ActivityAllowList allow = ActivityAllowList.parse(m, lender == null ? null : lender.written());
    RedisEndpoint redis = null;
    String source = null;
    if (m.has("redis")) {
      ConfigMap r = m.map("redis");
      redis = RedisEndpoint.parse(r, null);
      r.rejectUnknown();
      source = OWN_SOURCE;
    } else if (lender != null && lender.redis() != null) {
      redis = lender.redis();
      source = lender.source();
    }
    m.rejectUnknown();
    return new ActivityConfig(redis, source, heartbeat, clientBuffer, maxClients, clientBufferBytes, allow);
  }
}
