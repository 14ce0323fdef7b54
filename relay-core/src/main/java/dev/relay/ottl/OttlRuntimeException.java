package dev.relay.ottl;

/**
 * A statement or condition failed on one item (a wrong type, a regex over its work budget). Processors handle it by
 * their {@code error_mode}; it never escapes a pipeline.
 */
public final class OttlRuntimeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OttlRuntimeException(String message) {
    super(message, null, false, false);
  }
}
