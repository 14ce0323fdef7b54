package dev.relay.admin;

import dev.relay.auth.AuthResult;
import dev.relay.auth.ServerAuthenticator;
import dev.relay.telemetry.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.Set;

/**
 * Who may use which admin path: the one rule for every endpoint, present and future. Probes ({@code /healthz},
 * {@code /readyz}, the {@code health_check} path) are always open. {@code /metrics} is open unless
 * {@code metrics_auth} puts it behind the admin authenticator. Every other path carries data or control
 * ({@code /tap}, {@code /activity/stream}, {@code /monitor}, and anything added later): with
 * {@code service.admin.auth} a request needs valid credentials (401 with {@code WWW-Authenticate} otherwise);
 * without it, only a loopback client is served (403), and only with a {@code Host} naming this server (localhost,
 * 127.0.0.1, [::1] or the configured host, any port), so that a web page whose name was rebound to 127.0.0.1 (DNS
 * rebinding) cannot read it (421). Refusals are counted by reason; no credential is logged or counted.
 */
final class AdminAccess {
  /** How sensitive a path is. */
  enum Kind { PROBE, METRICS, DATA }

  /** The verdict on one request: served, refused with a status and body, or only the full (slow) check can tell. */
  record Verdict(int status, String body, String challenge, boolean deferred) {
    static final Verdict SERVE = new Verdict(200, null, null, false);
    static final Verdict DEFER = new Verdict(0, null, null, true);

    boolean served() {
      return status == 200 && !deferred;
    }
  }

  private static final Set<String> PROBES = Set.of("/healthz", "/readyz");

  private final ServerAuthenticator auth;
  private final boolean metricsAuth;
  private final Set<String> ownHosts;
  private final MeterRegistry registry;

  /**
   * {@code auth}: the admin authenticator (null: none, so data paths are loopback-only); {@code host}: the
   * configured host, also accepted in {@code Host}.
   */
  AdminAccess(ServerAuthenticator auth, boolean metricsAuth, String host, MeterRegistry registry) {
    this.auth = auth;
    this.metricsAuth = metricsAuth;
    this.registry = registry;
    String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
    if (h.contains(":") && !h.startsWith("[")) {
      h = "[" + h + "]";
    }
    java.util.Set<String> own = new java.util.HashSet<>(Set.of("localhost", "127.0.0.1", "[::1]"));
    if (!h.isEmpty() && !h.equals("0.0.0.0") && !h.equals("[::]")) {
      own.add(h); // a wildcard is not a name a browser would use for this server
    }
    this.ownHosts = Set.copyOf(own);
  }

  static Kind kindOf(String path, String healthPath) {
    if (PROBES.contains(path) || path.equals(healthPath)) {
      return Kind.PROBE;
    }
    return path.equals("/metrics") ? Kind.METRICS : Kind.DATA;
  }

  boolean authenticated() {
    return auth != null;
  }

  /** The verdict without slow work; {@link Verdict#DEFER} when only {@link #authenticate} can tell. */
  Verdict check(Kind kind, SocketAddress remote, String hostHeader, ServerAuthenticator.HeaderLookup headers) {
    if (kind == Kind.PROBE || (kind == Kind.METRICS && !metricsAuth)) {
      return Verdict.SERVE;
    }
    if (auth != null) {
      AuthResult r = auth.quickCheck(headers);
      return r == null ? Verdict.DEFER : verdict(r);
    }
    if (!isLoopback(remote)) {
      count("not_loopback");
      return new Verdict(403, "this admin path is served only to loopback clients (kubectl port-forward); give"
          + " service.admin.auth to serve it over the network\n", null, false);
    }
    if (hostHeader != null && !isOwnHost(hostHeader)) {
      count("host");
      return new Verdict(421, "the Host header does not name this admin server\n", null, false);
    }
    return Verdict.SERVE;
  }

  /** The full check of credentials that {@link #check} deferred; may take milliseconds (bcrypt). */
  Verdict authenticate(ServerAuthenticator.HeaderLookup headers) {
    return verdict(auth.authenticate(headers));
  }

  private Verdict verdict(AuthResult r) {
    if (r.authenticated()) {
      return Verdict.SERVE;
    }
    count(r.reason());
    return new Verdict(401, AuthResult.MISSING.equals(r.reason()) ? "authentication required\n"
        : "invalid credentials\n", auth.challenge(), false);
  }

  private void count(String reason) {
    Counter c = Meters.counter(registry, Meters.ADMIN_REFUSED_REQUESTS, "reason", reason);
    c.increment();
  }

  /** Whether {@code remote} is a loopback address, IPv4-mapped IPv6 ({@code ::ffff:127.0.0.1}) included. */
  static boolean isLoopback(SocketAddress remote) {
    if (!(remote instanceof InetSocketAddress a) || a.getAddress() == null) {
      return false;
    }
    InetAddress address = a.getAddress();
    if (address.isLoopbackAddress()) {
      return true;
    }
    if (address instanceof Inet6Address) {
      byte[] b = address.getAddress();
      for (int i = 0; i < 10; i++) {
        if (b[i] != 0) {
          return false;
        }
      }
      return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff && (b[12] & 0xff) == 127;
    }
    return false;
  }

  /** Whether a {@code Host} header value names this server: one of its names, with or without a port. */
  boolean isOwnHost(String hostHeader) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon > h.lastIndexOf(']') && colon >= 0) {
      String port = h.substring(colon + 1);
      if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
        return false;
      }
      h = h.substring(0, colon);
    }
    return ownHosts.contains(h);
  }
}
