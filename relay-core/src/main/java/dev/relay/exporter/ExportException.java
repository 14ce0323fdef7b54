package dev.relay.exporter;

import java.time.Duration;

/**
 * A failed send. Retryable failures are tried again after a backoff, or after {@link #retryAfter()} when the peer
 * asked for a delay; permanent ones are dropped and counted.
 */
public final class ExportException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;
  private final transient Duration retryAfter;

  private ExportException(String message, Throwable cause, boolean retryable, Duration retryAfter) {
    super(message, cause, false, false);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public static ExportException retryable(String message, Throwable cause, Duration retryAfter) {
    return new ExportException(message, cause, true, retryAfter);
  }

  public static ExportException permanent(String message, Throwable cause) {
    return new ExportException(message, cause, false, null);
  }

  public boolean retryable() {
    return retryable;
  }

  /** The delay the peer asked for, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
