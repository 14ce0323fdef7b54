package dev.relay.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * htpasswd lines, {@code user:hash}: bcrypt ({@code $2y$}, {@code $2a$}, {@code $2b$}, as {@code htpasswd -B}
 * makes), SHA-1 ({@code {SHA}base64}, {@code htpasswd -s}), or, as the Collector's library also accepts, the
 * password in plain text. MD5 ({@code $apr1$}) and crypt hashes are refused when read. Blank lines and {@code #}
 * comments are skipped.
 */
final class Htpasswd {
  private Htpasswd() {}

  /** The users of {@code text}, user to hash; each bad line is one message to {@code problem}, without its hash. */
  static Map<String, String> parse(String text, Consumer<String> problem) {
    Map<String, String> users = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        problem.accept("line " + (i + 1) + " is not user:hash");
        continue;
      }
      String user = line.substring(0, colon);
      String hash = line.substring(colon + 1);
      if (hash.startsWith("$apr1$") || hash.startsWith("$1$") || hash.startsWith("$5$") || hash.startsWith("$6$")) {
        problem.accept("line " + (i + 1) + " (user " + user + "): MD5 and crypt hashes are not supported; use bcrypt"
            + " (htpasswd -B) or SHA (htpasswd -s)");
        continue;
      }
      users.put(user, hash);
    }
    return users;
  }

  /** Whether {@code password} is the one {@code hash} was made from. Bcrypt takes milliseconds by its cost. */
  static boolean matches(String hash, String password) {
    if (isBcrypt(hash)) {
      return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
          hash.getBytes(StandardCharsets.UTF_8)).verified;
    }
    byte[] expected;
    byte[] actual;
    if (hash.startsWith("{SHA}")) {
      try {
        expected = Base64.getDecoder().decode(hash.substring(5));
      } catch (IllegalArgumentException e) {
        return false;
      }
      actual = sha1(password);
    } else {
      expected = hash.getBytes(StandardCharsets.UTF_8);
      actual = password.getBytes(StandardCharsets.UTF_8);
    }
    return MessageDigest.isEqual(expected, actual);
  }

  static boolean isBcrypt(String hash) {
    return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$");
  }

  private static byte[] sha1(String password) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
