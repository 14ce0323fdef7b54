package dev.relay.consumer;

/** A batch was not accepted downstream. Retryable failures (a full queue) tell the client to send again later. */
public final class ConsumeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  private ConsumeException(String message, boolean retryable) {
    super(message, null, false, false);
    this.retryable = retryable;
  }

  public static ConsumeException retryable(String message) {
    return new ConsumeException(message, true);
  }

  public static ConsumeException permanent(String message) {
    return new ConsumeException(message, false);
  }

  public boolean retryable() {
    return retryable;
  }
}
