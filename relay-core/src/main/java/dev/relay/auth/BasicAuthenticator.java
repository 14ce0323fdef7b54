package dev.relay.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code basicauth} as a server authenticator: {@code Authorization: Basic base64(user:password)} against the
 * htpasswd users. A bcrypt check costs milliseconds, so credentials that passed are remembered (by their SHA-256,
 * never in clear, at most {@link #REMEMBERED} of them, forgotten when the users change) and
 * {@link #quickCheck} answers from that memory; only a new credential needs {@link #authenticate}'s bcrypt.
 */
final class BasicAuthenticator implements ServerAuthenticator {
  static final int REMEMBERED = 1024;

  private final BasicAuthSettings settings;
  private final WatchedFile file;
  private final Map<String, String> passed = new ConcurrentHashMap<>();
  private volatile Map<String, String> users;

  BasicAuthenticator(BasicAuthSettings settings) throws IOException {
    this.settings = settings;
    this.file = settings.htpasswdFile() == null ? null
        : new WatchedFile(Path.of(settings.htpasswdFile()), "extension " + settings.id(), this::useUsers);
    useUsers();
  }

  WatchedFile file() {
    return file;
  }

  private void useUsers() {
    Map<String, String> all = new HashMap<>();
    if (file != null) {
      all.putAll(Htpasswd.parse(file.content(), message -> {}));
    }
    all.putAll(settings.inlineUsers());
    users = Map.copyOf(all);
    passed.clear();
  }

  @Override
  public AuthResult authenticate(HeaderLookup headers) {
    return check(headers, false);
  }

  @Override
  public AuthResult quickCheck(HeaderLookup headers) {
    return check(headers, true);
  }

  private AuthResult check(HeaderLookup headers, boolean quick) {
    String given = headers.get("authorization");
    if (given == null || given.isEmpty()) {
      return AuthResult.MISSING_CREDENTIALS;
    }
    if (given.length() < 6 || !given.regionMatches(true, 0, "Basic ", 0, 6)) {
      return AuthResult.INVALID_CREDENTIALS;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(given.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return AuthResult.INVALID_CREDENTIALS;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return AuthResult.INVALID_CREDENTIALS;
    }
    String user = decoded.substring(0, colon);
    String hash = users.get(user);
    if (hash == null) {
      return AuthResult.INVALID_CREDENTIALS;
    }
    String fingerprint = sha256(decoded);
    if (user.equals(passed.get(fingerprint))) {
      return AuthResult.ok(Map.of("username", user));
    }
    if (quick && Htpasswd.isBcrypt(hash)) {
      return null;
    }
    if (!Htpasswd.matches(hash, decoded.substring(colon + 1))) {
      return AuthResult.INVALID_CREDENTIALS;
    }
    if (passed.size() >= REMEMBERED) {
      passed.clear();
    }
    passed.put(fingerprint, user);
    return AuthResult.ok(Map.of("username", user));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
          text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String challenge() {
    return "Basic realm=\"relay\", charset=\"UTF-8\"";
  }
}
