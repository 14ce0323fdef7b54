package dev.relay.ottl;

/** A statement or condition that does not parse or compile; the message says what and where (column). */
public final class OttlException extends Exception {
  private static final long serialVersionUID = 1L;

  public OttlException(String message) {
    super(message, null, false, false);
  }
}
