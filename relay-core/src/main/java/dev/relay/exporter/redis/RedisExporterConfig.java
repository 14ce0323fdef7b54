package dev.relay.exporter.redis;

import dev.relay.redis.RedisEndpoint;
import dev.relay.redis.RedisEndpointProvider;
import java.util.List;

/**
 * Settings of one {@code redis} exporter, with its routes already compiled. {@code redis} is the one server, or a
 * cluster's first seed; every seed shares its credentials and TLS settings.
 */
record RedisExporterConfig(
    RedisEndpoint redis,
    boolean cluster,
    List<String> seeds,
    List<Route> routes,
    boolean logMessages,
    int maxPayloadBytes,
    boolean truncateOversize,
    int maxNameBytes) implements RedisEndpointProvider {
  public RedisExporterConfig {
    routes = List.copyOf(routes);
    seeds = List.copyOf(seeds);
  }

  public String endpoint() {
    return redis.endpoint();
  }

  /** A cluster's nodes are many, so only a single server (or Sentinel) is lent to the activity stream. */
  @Override
  public RedisEndpoint redisEndpoint() {
    return cluster ? null : redis;
  }

  @Override
  public String toString() {
    // never print the password
    return "RedisExporterConfig[endpoint=" + endpoint() + ", routes=" + routes.size() + "]";
  }
}
