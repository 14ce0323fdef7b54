package dev.relay.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bearertokenauth} at run time: checks {@code <header>: <scheme> <token>} in constant time against each
 * allowed token, and gives that header to an exporter (the first token). With {@code filename}, the file's content,
 * trimmed, is the one token.
 */
final class BearerTokenAuthenticator implements ServerAuthenticator, ClientAuthenticator {
  private final BearerTokenSettings settings;
  private final String headerKey;
  private final WatchedFile file;
  private volatile List<byte[]> expected;
  private volatile Map<String, String> outgoing;

  BearerTokenAuthenticator(BearerTokenSettings settings) throws IOException {
    this.settings = settings;
    this.headerKey = settings.header().toLowerCase(Locale.ROOT);
    this.file = settings.filename() == null ? null
        : new WatchedFile(Path.of(settings.filename()), "extension " + settings.id(), this::useTokens);
    useTokens();
  }

  WatchedFile file() {
    return file;
  }

  private void useTokens() {
    List<String> tokens = file != null ? List.of(file.content().strip()) : settings.tokens();
    expected = tokens.stream().map(t -> value(t).getBytes(StandardCharsets.UTF_8)).toList();
    outgoing = Map.of(headerKey, value(tokens.get(0)));
  }

  private String value(String token) {
    return settings.scheme().isEmpty() ? token : settings.scheme() + " " + token;
  }

  @Override
  public AuthResult authenticate(HeaderLookup headers) {
    String given = headers.get(headerKey);
    if (given == null || given.isEmpty()) {
      return AuthResult.MISSING_CREDENTIALS;
    }
    byte[] g = given.getBytes(StandardCharsets.UTF_8);
    boolean ok = false;
    for (byte[] e : expected) {
      ok |= MessageDigest.isEqual(e, g); // every token compared: the time says nothing about which one
    }
    return ok ? AuthResult.ANONYMOUS_OK : AuthResult.INVALID_CREDENTIALS;
  }

  @Override
  public AuthResult quickCheck(HeaderLookup headers) {
    return authenticate(headers);
  }

  @Override
  public String challenge() {
    return (settings.scheme().isEmpty() ? "Bearer" : settings.scheme()) + " realm=\"relay\"";
  }

  @Override
  public Map<String, String> headers() {
    return outgoing;
  }
}
