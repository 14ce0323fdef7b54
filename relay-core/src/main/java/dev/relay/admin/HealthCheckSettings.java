package dev.relay.admin;

import dev.relay.config.ConfigMap;
import dev.relay.config.ServerSettings;

/**
 * The Collector's {@code health_check} extension, served by Relay's admin server: {@code path} answers {@code 200}
 * while every pipeline runs and {@code 503} otherwise, on {@code server} (the admin server's own listener when the
 * endpoints are the same, a listener of its own when not).
 */
public record HealthCheckSettings(ServerSettings server, String path) {
  /** As the Collector binds its components now: localhost, not every interface. */
  public static final String DEFAULT_ENDPOINT = "localhost:13133";
  public static final String DEFAULT_PATH = "/";

  /** Reads {@code extensions.health_check} (or {@code health_check/name}) and rejects its unknown keys. */
  public static HealthCheckSettings parse(ConfigMap m) {
    String endpoint = m.string("endpoint", DEFAULT_ENDPOINT);
    ServerSettings server = ServerSettings.endpoint(m, endpoint, DEFAULT_ENDPOINT, "localhost:13133");
    String path = m.string("path", DEFAULT_PATH);
    if (!path.startsWith("/")) {
      m.problem("path", "'" + path + "' must start with /");
      path = DEFAULT_PATH;
    }
    m.rejectUnknown();
    return new HealthCheckSettings(server, path);
  }

  /** The same path on another listener. */
  public HealthCheckSettings withServer(ServerSettings other) {
    return new HealthCheckSettings(other, path);
  }
}
