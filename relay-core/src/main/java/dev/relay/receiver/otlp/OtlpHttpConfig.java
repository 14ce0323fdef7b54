package dev.relay.receiver.otlp;

import dev.relay.auth.AuthReference;
import dev.relay.config.ServerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Settings of the {@code otlp} receiver's HTTP protocol ({@code protocols.http}), with the Collector's keys:
 * where it listens, and how; {@code auth}, the authenticator every request must satisfy (null: none); with
 * {@code includeMetadata}, the request's headers are passed on to the pipeline.
 */
record OtlpHttpConfig(
    ServerSettings server,
    long maxRequestBodySize,
    String tracesUrlPath,
    String logsUrlPath,
    String metricsUrlPath,
    Cors cors,
    Duration readTimeout,
    Duration idleTimeout,
    AuthReference auth,
    boolean includeMetadata) {

  /** Without the client's metadata. */
  public OtlpHttpConfig(ServerSettings server, long maxRequestBodySize, String tracesUrlPath, String logsUrlPath,
      String metricsUrlPath, Cors cors, Duration readTimeout, Duration idleTimeout, AuthReference auth) {
    this(server, maxRequestBodySize, tracesUrlPath, logsUrlPath, metricsUrlPath, cors, readTimeout, idleTimeout,
        auth, false);
  }

  /** Plaintext on {@code host:port}, without authentication. */
  public OtlpHttpConfig(String host, int port, long maxRequestBodySize, String tracesUrlPath, String logsUrlPath,
      String metricsUrlPath, Cors cors, Duration readTimeout, Duration idleTimeout) {
    this(new ServerSettings(host, port), maxRequestBodySize, tracesUrlPath, logsUrlPath, metricsUrlPath, cors,
        readTimeout, idleTimeout, null);
  }

  public String host() {
    return server.host();
  }

  public int port() {
    return server.port();
  }

  public String endpoint() {
    return server.endpoint();
  }

  /**
   * {@code cors}: which browser origins may post (an entry may hold {@code *}, matching any run of characters, as in
   * {@code https://*.example.com}; {@code *} alone allows every origin), which request headers a preflight may ask
   * for beyond the defaults, and how long a browser may cache a preflight answer (0: no {@code Access-Control-Max-Age}).
   * No origins means CORS is off.
   */
  public record Cors(List<String> allowedOrigins, List<String> allowedHeaders, int maxAgeSeconds) {
    /** Headers a browser may always send, as in the Collector (rs/cors defaults plus {@code Origin}). */
    static final List<String> DEFAULT_HEADERS = List.of("accept", "content-type", "x-requested-with", "origin");

    public static Cors disabled() {
      return new Cors(List.of(), List.of(), 0);
    }

    public Cors {
      allowedOrigins = List.copyOf(allowedOrigins);
      allowedHeaders = List.copyOf(allowedHeaders);
    }

    public boolean enabled() {
      return !allowedOrigins.isEmpty();
    }

    public boolean allowsAnyOrigin() {
      return allowedOrigins.contains("*");
    }

    public boolean allowsOrigin(String origin) {
      if (origin == null) {
        return false;
      }
      for (String allowed : allowedOrigins) {
        if (allowed.indexOf('*') < 0 ? allowed.equalsIgnoreCase(origin) : glob(allowed).matcher(origin).matches()) {
          return true;
        }
      }
      return false;
    }

    public boolean allowsHeader(String header) {
      String h = header.trim().toLowerCase(Locale.ROOT);
      if (h.isEmpty() || DEFAULT_HEADERS.contains(h)) {
        return true;
      }
      for (String a : allowedHeaders) {
        if (a.equals("*") || a.equalsIgnoreCase(h)) {
          return true;
        }
      }
      return false;
    }

    private static final java.util.Map<String, Pattern> GLOBS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Pattern glob(String pattern) {
      return GLOBS.computeIfAbsent(pattern, Cors::compile);
    }

    private static Pattern compile(String pattern) {
      StringBuilder re = new StringBuilder();
      for (String part : pattern.split("\\*", -1)) {
        if (re.length() > 0) {
          re.append(".*");
        }
        re.append(Pattern.quote(part));
      }
      return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }
  }
}
