package dev.relay.receiver.otlp;

import dev.relay.config.ConfigMap;
import java.time.Duration;

/**
 * {@code protocols.grpc}'s guards against clients that hold connections: {@code max_connections} open at once (the
 * HTTP listener's key and default), and {@code keepalive}, with the Collector's (configgrpc) keys:
 * {@code server_parameters} (when an idle or old connection is sent GOAWAY, and the server's own pings) and
 * {@code enforcement_policy} (how often a client may ping). {@link Duration#ZERO} means "not set" (grpc-java's default: no limit, no pings). Relay closes idle
 * connections after a minute by default, which the Collector does not.
 */
record GrpcGuards(int maxConnections, Duration maxConnectionIdle, Duration maxConnectionAge,
    Duration maxConnectionAgeGrace, Duration time, Duration timeout, Duration minTime, boolean permitWithoutStream) {
  static final Duration DEFAULT_MAX_CONNECTION_IDLE = Duration.ofMinutes(1);
  static final Duration DEFAULT_MIN_TIME = Duration.ofMinutes(5);
  /** grpc-java's rapid-reset protection: more RST_STREAM frames than this in a window get GOAWAY. */
  static final int MAX_RST_FRAMES = 500;
  static final int RST_WINDOW_SECONDS = 10;
  static final GrpcGuards DEFAULTS = new GrpcGuards(HttpGuards.DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTION_IDLE,
      Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, DEFAULT_MIN_TIME, false);

  static GrpcGuards parse(ConfigMap grpc) {
    int maxConnections = (int) grpc.integer("max_connections", HttpGuards.DEFAULT_MAX_CONNECTIONS, 1, 1_000_000);
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
}
