package dev.relay.exporter.redis;

import dev.relay.redis.RedisEndpoint;
import dev.relay.redis.RedisEndpointProvider;
import dev.relay.redis.RedisNames;
import java.util.ArrayList;
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
    int maxNameBytes) implements RedisEndpointProvider, RedisNames.Provider {
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

  /** The channels and streams the routes write, as globs: what the activity stream serves by default. */
  @Override
  public RedisNames redisNames() {
    List<String> channels = new ArrayList<>();
    List<String> streams = new ArrayList<>();
    for (Route r : routes) {
      Route.Selector<?> s = r.events() != null ? r.events() : r.logs();
      if (s.channel() != null && !channels.contains(s.channel().glob())) {
        channels.add(s.channel().glob());
      }
      if (s.stream() != null && !streams.contains(s.stream().glob())) {
        streams.add(s.stream().glob());
      }
    }
    return new RedisNames(channels, streams);
  }

  @Override
  public String toString() {
    // never print the password
    return "RedisExporterConfig[endpoint=" + endpoint() + ", routes=" + routes.size() + "]";
  }
}
