package dev.relay.receiver.otlp;

import dev.relay.config.ConfigMap;
import java.time.Duration;

/**
 * {@code protocols.grpc}'s guards against clients that hold connections: {@code max_connections} open at once (the
 * HTTP listener's key; its default is sized from the heap, see {@link #defaultMaxConnections}), and
 * {@code keepalive}, with the Collector's (configgrpc) keys: {@code server_parameters} (when an idle or old
 * connection is sent GOAWAY, and the server's own pings) and {@code enforcement_policy} (how often a client may
 * ping). {@link Duration#ZERO} means "not set" (grpc-java's default: no limit, no pings). Relay closes idle
 * connections after a minute by default, which the Collector does not.
 */
record GrpcGuards(int maxConnections, Duration maxConnectionIdle, Duration maxConnectionAge,
    Duration maxConnectionAgeGrace, Duration time, Duration timeout, Duration minTime, boolean permitWithoutStream) {
  static final Duration DEFAULT_MAX_CONNECTION_IDLE = Duration.ofMinutes(1);
  static final Duration DEFAULT_MIN_TIME = Duration.ofMinutes(5);
  /** grpc-java's rapid-reset protection: more RST_STREAM frames than this in a window get GOAWAY. */
  static final int MAX_RST_FRAMES = 500;
  static final int RST_WINDOW_SECONDS = 10;
  /** The defaults at this JVM's heap and 100 streams a connection. */
  static final GrpcGuards DEFAULTS = defaults(Runtime.getRuntime().maxMemory(), 100);

  /**
   * Heap one open call holds while its client never reads the answer (a zero receive window), its connection's
   * share included: 2.5 to 2.8 KiB as measured live (after a full GC) at {@code -Xmx64m} with 100 calls a
   * connection (HostileClientsProcessIT; see docs/limits.md), rounded up to 3 KiB.
   */
  static final long HELD_CALL_BYTES = 3072;
  static final int MIN_DEFAULT_MAX_CONNECTIONS = 16;

  /**
   * The default {@code max_connections}: as many connections as, each with {@code maxConcurrentStreams} held calls,
   * fit in a quarter of the heap, between 16 and the HTTP listener's 256 (53 at the image's {@code -Xmx64m}, which
   * the JVM reports as 62.4 MiB, with 100 streams). With no stream limit (0) the floor.
   */
  static int defaultMaxConnections(long maxHeapBytes, int maxConcurrentStreams) {
    if (maxConcurrentStreams == 0) {
      return MIN_DEFAULT_MAX_CONNECTIONS;
    }
    long fit = maxHeapBytes / 4 / ((long) maxConcurrentStreams * HELD_CALL_BYTES);
    return (int) Math.max(MIN_DEFAULT_MAX_CONNECTIONS, Math.min(HttpGuards.DEFAULT_MAX_CONNECTIONS, fit));
  }

  /** The guards at {@code maxConcurrentStreams}, as a listener without {@code protocols.grpc} keys has them. */
  static GrpcGuards defaults(long maxHeapBytes, int maxConcurrentStreams) {
    return new GrpcGuards(defaultMaxConnections(maxHeapBytes, maxConcurrentStreams), DEFAULT_MAX_CONNECTION_IDLE,
        Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, DEFAULT_MIN_TIME, false);
  }

  /**
   * Reads the keys; {@code maxConcurrentStreams} (already read) sizes the default connection cap. A pair that can
   * hold more than half the heap in calls nobody reads is accepted with a warning at the key the user set.
   */
  static GrpcGuards parse(ConfigMap grpc, long maxHeapBytes, int maxConcurrentStreams) {
    int defaultMax = defaultMaxConnections(maxHeapBytes, maxConcurrentStreams);
    boolean connectionsSet = grpc.has("max_connections");
    int maxConnections = (int) grpc.integer("max_connections", defaultMax, 1, 1_000_000);
    warnIfOverHalfTheHeap(grpc, connectionsSet, maxConnections, maxConcurrentStreams, maxHeapBytes, defaultMax);
    ConfigMap keepalive = grpc.map("keepalive");
    ConfigMap server = keepalive.map("server_parameters");
    Duration idle = server.duration("max_connection_idle", DEFAULT_MAX_CONNECTION_IDLE);
    Duration age = server.duration("max_connection_age", Duration.ZERO);
    Duration grace = server.duration("max_connection_age_grace", Duration.ZERO);
    Duration time = server.duration("time", Duration.ZERO);
    Duration timeout = server.duration("timeout", Duration.ZERO);
    server.rejectUnknown();
    ConfigMap policy = keepalive.map("enforcement_policy");
    Duration minTime = policy.duration("min_time", DEFAULT_MIN_TIME);
    boolean permit = policy.bool("permit_without_stream", false);
    policy.rejectUnknown();
    keepalive.rejectUnknown();
    return new GrpcGuards(maxConnections, idle, age, grace, time, timeout, minTime, permit);
  }

  private static void warnIfOverHalfTheHeap(ConfigMap grpc, boolean connectionsSet, int maxConnections,
      int maxConcurrentStreams, long maxHeapBytes, int defaultMax) {
    String key = connectionsSet ? "max_connections" : "max_concurrent_streams";
    if (maxConcurrentStreams == 0) {
      grpc.warning(key, maxConnections + " connections (max_connections) with no limit on their calls"
          + " (max_concurrent_streams 0): clients that never read the answers can hold any amount of heap; set"
          + " max_concurrent_streams (default 100)");
      return;
    }
    long held = (long) maxConnections * maxConcurrentStreams * HELD_CALL_BYTES;
    if (held > maxHeapBytes / 2) {
      grpc.warning(key, maxConnections + " connections (max_connections) of " + maxConcurrentStreams
          + " calls (max_concurrent_streams) whose clients never read the answers can hold about " + mib(held)
          + " of heap (about 3 KiB a call), more than half the heap (" + mib(maxHeapBytes) + "); at this heap the"
          + " default max_connections is " + defaultMax);
    }
  }

  private static String mib(long bytes) {
    return (bytes + (1 << 19)) / (1 << 20) + " MiB";
  }
}
