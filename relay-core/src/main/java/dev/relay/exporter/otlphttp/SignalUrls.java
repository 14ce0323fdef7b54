package dev.relay.exporter.otlphttp;

import dev.relay.config.ConfigMap;
import dev.relay.config.UrlCredentials;
import dev.relay.otlp.Signal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The URL of each signal, as the Collector composes them: {@code <signal>_endpoint} as given, else {@code endpoint}
 * with {@code /v1/<signal>} appended (after one slash, whether or not the endpoint ends in one).
 */
final class SignalUrls {
  private SignalUrls() {}

  static Map<Signal, URI> read(ConfigMap cfg) {
    String base = text(cfg, "endpoint");
    URI baseUri = base == null ? null : url(cfg, "endpoint", base);
    Map<Signal, URI> urls = new EnumMap<>(Signal.class);
    boolean anyOwn = false;
    for (Signal signal : Signal.values()) {
      String key = signal.configName() + "_endpoint";
      String own = text(cfg, key);
      if (own != null) {
        anyOwn = true;
        URI u = url(cfg, key, own);
        if (u != null) {
          urls.put(signal, u);
        }
      } else if (baseUri != null) {
        urls.put(signal, URI.create(append(base, signal)));
      }
    }
    if (base == null && !anyOwn) {
      cfg.problem(null, "'endpoint' is required (or traces_endpoint, logs_endpoint, metrics_endpoint)");
    }
    return urls;
  }

  /** {@code endpoint} + {@code v1/<signal>}, with one slash between them. */
  static String append(String endpoint, Signal signal) {
    return endpoint + (endpoint.endsWith("/") ? "" : "/") + "v1/" + signal.configName();
  }

  /** A value, or null when absent or empty (the Collector treats an empty endpoint as none). */
  private static String text(ConfigMap cfg, String key) {
    String s = cfg.string(key, null);
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** An absolute http:// or https:// URL with a host, or null after recording a fault. */
  private static URI url(ConfigMap cfg, String key, String text) {
    try {
      URI u = new URI(text);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && !u.getHost().isEmpty()) {
        if (u.getRawUserInfo() != null) {
          // The JDK's client would not send them (Go's sends them as Basic auth), and the URL is logged.
          cfg.problem(key, "credentials in the URL are not supported: give them as a header instead (headers:"
              + " {Authorization: \"Basic ...\"}), which is never printed");
          return null;
        }
        return u;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    cfg.problem(key, "'" + UrlCredentials.mask(text) + "' is not an http:// or https:// URL with a host (e.g."
        + " https://otlp.example:4318)");
    return null;
  }
}
