package dev.relay.admin;

import dev.relay.config.ConfigMap;
import dev.relay.config.ServerSettings;

/**
 * {@code service.admin}: where the admin server listens ({@code null}: it is turned off, with {@code endpoint: none}
 * or an empty one), its {@code /activity/stream} and its {@code /tap}.
 */
public record AdminSettings(ServerSettings server, ActivityConfig activity, TapConfig tap) {
  public static final String DEFAULT_ENDPOINT = "localhost:13133";

  /** With the default {@code /tap} settings. */
  public AdminSettings(ServerSettings server, ActivityConfig activity) {
    this(server, activity, TapConfig.defaults());
  }

  /** Reads {@code service.admin}, and rejects its unknown keys; see {@link ActivityConfig#parse} for the lender. */
  public static AdminSettings parse(ConfigMap admin, ActivityConfig.Lender lender) {
    String endpoint = admin.string("endpoint", DEFAULT_ENDPOINT);
    ActivityConfig activity = ActivityConfig.parse(admin.map("activity"), lender);
    TapConfig tap = TapConfig.parse(admin.map("tap"));
    admin.rejectUnknown();
    ServerSettings server = endpoint.isBlank() || endpoint.equalsIgnoreCase("none")
        ? null : ServerSettings.endpoint(admin, endpoint, DEFAULT_ENDPOINT, "0.0.0.0:13133");
    return new AdminSettings(server, activity, tap);
  }
}
