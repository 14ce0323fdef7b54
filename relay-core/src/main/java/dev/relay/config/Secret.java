package dev.relay.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A configured value that must never be printed: a password, a token, a header value, the user info of a URL. As
 * the Collector's {@code configopaque.String}, it prints as {@value #MASK} wherever it ends up (a record's
 * {@code toString}, a log line, an exception message); only {@link #reveal()} gives the value, to the code that
 * hands it to a client library. Every masked thing Relay prints shows the same {@value #MASK}.
 */
public final class Secret {
  /** What a secret prints as. */
  public static final String MASK = "[REDACTED]";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** {@code value} as a secret; null stays null. */
  public static Secret of(String value) {
    return value == null ? null : new Secret(value);
  }

  /** The value, for the one place that sends it. Never concatenate it into text that is printed. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return MASK;
  }

  /** Compared in constant time, so that a secret checked against input does not tell how much of it matched. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
        s.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
