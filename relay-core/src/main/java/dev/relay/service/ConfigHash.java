package dev.relay.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The short hash that names a configuration in {@code /readyz} and in reload log lines. */
final class ConfigHash {
  private static final int HEX_CHARS = 12;

  private ConfigHash() {}

  /** The first 12 hex digits of the SHA-256 of {@code effective} (sorted maps, so key order does not count). */
  static String of(Object effective) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(String.valueOf(effective).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
