package dev.relay.ottl;

/**
 * A getter of a string that can also say whether the string starts with one of some prefixes without building it:
 * a span event's name read from the request bytes, which routes test for every event. {@code IsMatch} on an
 * anchored literal pattern uses it.
 */
public interface Utf8PrefixGetter<T> extends Getter<T> {
  /**
   * Whether the value starts with one of {@code prefixes}; {@code utf8} holds the same prefixes encoded as UTF-8,
   * for comparing with bytes (valid UTF-8 starts with a prefix's bytes exactly when its text starts with the
   * prefix).
   */
  boolean startsWithAny(T ctx, String[] prefixes, byte[][] utf8);

  /** Whether {@code text} starts with one of {@code prefixes}: the same test on a string. */
  static boolean startsWithAny(String text, String[] prefixes) {
    for (String p : prefixes) {
      if (text.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
