package dev.relay.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * What a reload compares a component by: the SHA-256 of its settings as read (references expanded, maps sorted).
 * Only the digest is kept, and it never prints, so a secret in the settings is neither held twice nor logged.
 */
final class SettingsDigest {
  private final byte[] digest;

  private SettingsDigest(byte[] digest) {
    this.digest = digest;
  }

  static SettingsDigest of(Object settings) {
    try {
      return new SettingsDigest(MessageDigest.getInstance("SHA-256")
          .digest(String.valueOf(settings).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SettingsDigest other && Arrays.equals(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return "[settings]";
  }
}
