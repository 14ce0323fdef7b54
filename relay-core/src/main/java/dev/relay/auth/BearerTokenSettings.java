package dev.relay.auth;

import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bearertokenauth}: a request carries {@code <header>: <scheme> <token>}. The token is {@code token}, any of
 * {@code tokens}, or the content of {@code filename} (reread when the file changes; it wins over the others, as in
 * the Collector). One extension both checks (a receiver's) and sends (an exporter's).
 */
public record BearerTokenSettings(String id, String scheme, String header, List<String> tokens, String filename)
    implements AuthExtensionSettings {
  public static final String TYPE = "bearertokenauth";
  static final String DEFAULT_SCHEME = "Bearer";
  static final String DEFAULT_HEADER = "Authorization";

  public BearerTokenSettings {
    tokens = List.copyOf(tokens);
  }

  static BearerTokenSettings parse(String id, ConfigMap cfg) {
    String scheme = cfg.string("scheme", DEFAULT_SCHEME);
    String header = cfg.string("header", DEFAULT_HEADER);
    if (header.isBlank() || !header.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
      cfg.problem("header", "'" + header + "' is not an HTTP header name");
      header = DEFAULT_HEADER;
    }
    List<String> tokens = new ArrayList<>();
    String token = cfg.string("token", null);
    if (token != null && !token.isEmpty()) {
      tokens.add(token);
    }
    for (ConfigNode n : cfg.list("tokens")) {
      String t = n.asString();
      if (t == null || t.isEmpty()) {
        n.problem("a token must not be empty");
      } else {
        tokens.add(t);
      }
    }
    String filename = cfg.string("filename", null);
    if (filename != null && !Files.isReadable(Path.of(filename))) {
      cfg.problem("filename", "cannot read '" + filename + "'");
    }
    if (filename == null && tokens.isEmpty()) {
      cfg.problem(null, "bearertokenauth needs token, tokens or filename");
    }
    cfg.rejectUnknown();
    return new BearerTokenSettings(id, scheme, header, tokens, filename);
  }

  @Override
  public boolean serves() {
    return true;
  }

  @Override
  public boolean signs() {
    return true;
  }

  @Override
  public String toString() {
    return "bearertokenauth " + id + " (header " + header + ", scheme " + scheme + ", "
        + (filename != null ? "token from " + filename : tokens.size() + " token(s)") + ")";
  }
}
