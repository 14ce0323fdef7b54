package dev.relay.redis;

import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.config.HostPort;
import dev.relay.config.Secret;
import dev.relay.config.TlsSettings;
import dev.relay.config.UrlCredentials;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * One Redis to connect to: its URI ({@code redis://}, {@code rediss://} for TLS, or
 * {@code redis-sentinel://host:port#master}), the ACL credentials, and the TLS settings for {@code rediss://}.
 * The password is never printed.
 */
public record RedisEndpoint(String endpoint, String username, Secret password, TlsSettings tls) {
  public static final String DEFAULT_ENDPOINT = "redis://localhost:6379";

  /** {@code endpoint} without credentials and with the default TLS settings. */
  public static RedisEndpoint of(String endpoint) {
    return new RedisEndpoint(endpoint, null, null, TlsSettings.client(false));
  }

  /**
   * Reads {@code endpoint} (default {@value #DEFAULT_ENDPOINT}), {@code username}, {@code password} and {@code tls}
   * of {@code m}, leaving its other keys to the caller. {@code seeds}, when not null, are the servers really
   * connected to (a cluster's; none given: the endpoint), each already checked with {@link #check}: a {@code tls}
   * section needs them all to be {@code rediss://}.
   */
  public static RedisEndpoint parse(ConfigMap m, List<String> seeds) {
    String endpoint = withScheme(m.string("endpoint", DEFAULT_ENDPOINT));
    String fault = uriFault(endpoint);
    if (fault != null) {
      m.problem("endpoint", fault);
    }
    ConfigMap tlsMap = m.map("tls");
    if (tlsMap.has("insecure")) {
      tlsMap.problem("insecure", "the endpoint's scheme says whether Redis is reached over TLS: rediss:// is TLS,"
          + " redis:// is not");
    }
    TlsSettings tls = TlsSettings.parseClient(tlsMap, false);
    List<String> servers = seeds == null || seeds.isEmpty() ? List.of(endpoint) : seeds;
    if (!tlsMap.isEmpty() && !servers.stream().allMatch(e -> e.startsWith("rediss://"))) {
      m.problem("tls", "tls settings need " + (seeds == null ? "a rediss:// endpoint" : "rediss:// seeds"));
    }
    String username = m.string("username", null);
    Secret password = m.secret("password");
    return new RedisEndpoint(endpoint, username, password, tls);
  }

  /**
   * {@code host:port} without a scheme as {@code redis://host:port}, as the Collector's Redis components take their
   * endpoint; anything else as it is.
   */
  public static String withScheme(String endpoint) {
    if (endpoint.contains("://")) {
      return endpoint;
    }
    HostPort hp = HostPort.parse(endpoint);
    return hp == null || hp.host().isEmpty() ? endpoint : "redis://" + endpoint;
  }

  /** Checks a Redis URI given at {@code node}; false (and a fault there) when it is not one. */
  public static boolean check(ConfigNode node, String endpoint) {
    String fault = uriFault(endpoint);
    if (fault != null) {
      node.problem(fault);
    }
    return fault == null;
  }

  /** What is wrong with {@code endpoint} as a Redis URI; null when nothing. */
  static String uriFault(String endpoint) {
    try {
      URI uri = new URI(endpoint);
      String scheme = uri.getScheme();
      if (!("redis".equals(scheme) || "rediss".equals(scheme) || "redis-sentinel".equals(scheme))
          || uri.getHost() == null) {
        return "'" + UrlCredentials.mask(endpoint) + "' is not a redis://, rediss:// or redis-sentinel:// endpoint,"
            + " nor host:port";
      }
      if ("redis-sentinel".equals(scheme) && (uri.getFragment() == null || uri.getFragment().isBlank())) {
        return "'" + UrlCredentials.mask(endpoint) + "' needs the master's name: redis-sentinel://host:port#mymaster";
      }
      return null;
    } catch (URISyntaxException e) {
      // Not e.getReason() alone: URISyntaxException's message quotes the input, credentials and all.
      return "'" + UrlCredentials.mask(endpoint) + "' is not a valid URI: " + e.getReason();
    }
  }

  /** The same Redis settings for another server (a cluster's seed). */
  public RedisEndpoint withEndpoint(String other) {
    return new RedisEndpoint(other, username, password, tls);
  }

  /** The endpoint with any credentials in it masked, for messages. */
  public String safeEndpoint() {
    return UrlCredentials.mask(endpoint);
  }

  @Override
  public String toString() {
    return "RedisEndpoint[endpoint=" + safeEndpoint() + (username == null ? "" : ", username=" + username)
        + (password == null ? "" : ", password=" + password) + "]";
  }
}
