package dev.relay.admin;

import dev.relay.auth.AuthReference;
import dev.relay.config.ConfigMap;
import dev.relay.config.ServerSettings;
import dev.relay.config.TlsSettings;
import java.util.List;

/**
 * {@code service.admin}: where the admin server listens ({@code null}: it is turned off, with {@code endpoint: none}
 * or an empty one; {@code tls} as a receiver's), its {@code /activity/stream} and its {@code /tap}, and who may use
 * it: {@code auth} names the authenticator of its data paths (null: they are served to loopback clients only), and
 * {@code metricsAuth} puts {@code /metrics} behind it too. See {@link AdminAccess} for the rule.
 */
public record AdminSettings(ServerSettings server, ActivityConfig activity, TapConfig tap, AuthReference auth,
    boolean metricsAuth, AdminTimeouts timeouts) implements AuthReference.Holder {
  public static final String DEFAULT_ENDPOINT = "localhost:13133";

  /** With the default {@code /tap} settings, without authentication. */
  public AdminSettings(ServerSettings server, ActivityConfig activity) {
    this(server, activity, TapConfig.defaults());
  }

  /** Without authentication. */
  public AdminSettings(ServerSettings server, ActivityConfig activity, TapConfig tap) {
    this(server, activity, tap, null, false, AdminTimeouts.DEFAULTS);
  }

  /** With the default timeouts. */
  public AdminSettings(ServerSettings server, ActivityConfig activity, TapConfig tap, AuthReference auth,
      boolean metricsAuth) {
    this(server, activity, tap, auth, metricsAuth, AdminTimeouts.DEFAULTS);
  }

  /** Reads {@code service.admin}, and rejects its unknown keys; see {@link ActivityConfig#parse} for the lender. */
  public static AdminSettings parse(ConfigMap admin, ActivityConfig.Lender lender) {
    String endpoint = admin.string("endpoint", DEFAULT_ENDPOINT);
    ActivityConfig activity = ActivityConfig.parse(admin.map("activity"), lender);
    TapConfig tap = TapConfig.parse(admin.map("tap"));
    TlsSettings tls = ServerSettings.tls(admin);
    AuthReference auth = AuthReference.parse(admin, true);
    boolean metricsAuth = admin.bool("metrics_auth", false);
    AdminTimeouts timeouts = AdminTimeouts.parse(admin);
    if (metricsAuth && auth == null) {
      admin.problem("metrics_auth", "metrics_auth needs service.admin.auth (the authenticator /metrics is put"
          + " behind)");
    }
    admin.rejectUnknown();
    ServerSettings server = endpoint.isBlank() || endpoint.equalsIgnoreCase("none")
        ? null : ServerSettings.endpoint(admin, endpoint, DEFAULT_ENDPOINT, "0.0.0.0:13133").withTls(tls);
    return new AdminSettings(server, activity, tap, auth, metricsAuth, timeouts);
  }

  /** These settings on another listener (same TLS, activity, tap and access). */
  public AdminSettings withServer(ServerSettings moved) {
    return new AdminSettings(moved, activity, tap, auth, metricsAuth, timeouts);
  }

  @Override
  public List<AuthReference> authReferences() {
    return auth == null ? List.of() : List.of(auth);
  }
}
