package dev.relay.exporter.redis;

import java.util.List;

/** Settings of one {@code redis} exporter, with its routes already compiled. */
public record RedisExporterConfig(
    String endpoint,
    boolean cluster,
    List<String> seeds,
    String username,
    String password,
    Tls tls,
    List<Route> routes,
    boolean logMessages,
    int maxPayloadBytes,
    boolean truncateOversize) {
  /** TLS settings, used with {@code rediss://} endpoints; files are PEM. */
  public record Tls(String caFile, String certFile, String keyFile, boolean insecureSkipVerify) {}

  public RedisExporterConfig {
    routes = List.copyOf(routes);
    seeds = List.copyOf(seeds);
  }

  @Override
  public String toString() {
    // never print the password
    return "RedisExporterConfig[endpoint=" + endpoint + ", routes=" + routes.size() + "]";
  }
}
