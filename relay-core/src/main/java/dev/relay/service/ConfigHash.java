package dev.relay.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The short hash that names a configuration in {@code /readyz} and in reload log lines. It is taken over the merged
 * config as written, references not expanded, so that a secret given as {@code ${env:...}} or {@code ${file:...}}
 * never enters it (a short hash of a weak password could be guessed back).
 */
final class ConfigHash {
  private static final int HEX_CHARS = 12;

  private ConfigHash() {}

  /** The first 12 hex digits of the SHA-256 of {@code written} (sorted maps, so key order does not count). */
  static String of(Object written) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(String.valueOf(written).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
