package dev.relay.otlp;

/** A body is not OTLP JSON: bad syntax, a value of the wrong type, a bad id, or nesting too deep. */
public final class OtlpJsonException extends Exception {
  private static final long serialVersionUID = 1L;

  OtlpJsonException(String message) {
    super(message, null, false, false);
  }
}
