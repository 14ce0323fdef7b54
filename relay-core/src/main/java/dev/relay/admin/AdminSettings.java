package dev.relay.admin;

import dev.relay.config.ConfigMap;
import dev.relay.config.ServerSettings;
import dev.relay.config.TlsSettings;

/**
 * {@code service.admin}: where the admin server listens ({@code null}: it is turned off, with {@code endpoint: none}
 * or an empty one; {@code tls} as a receiver's) and its {@code /activity/stream}.
 */
public record AdminSettings(ServerSettings server, ActivityConfig activity) {
  public static final String DEFAULT_ENDPOINT = "localhost:13133";

  /** Reads {@code service.admin}, and rejects its unknown keys; see {@link ActivityConfig#parse} for the lender. */
  public static AdminSettings parse(ConfigMap admin, ActivityConfig.Lender lender) {
    String endpoint = admin.string("endpoint", DEFAULT_ENDPOINT);
    ActivityConfig activity = ActivityConfig.parse(admin.map("activity"), lender);
    TlsSettings tls = ServerSettings.tls(admin);
    admin.rejectUnknown();
    ServerSettings server = endpoint.isBlank() || endpoint.equalsIgnoreCase("none")
        ? null : ServerSettings.endpoint(admin, endpoint, DEFAULT_ENDPOINT, "0.0.0.0:13133").withTls(tls);
    return new AdminSettings(server, activity);
  }
}
