package dev.relay.exporter.redis;

/**
 * What a channel or stream name may hold. A placeholder's value comes from the app, so it must not be able to make
 * a name that a {@code PSUBSCRIBE} pattern or an ACL key pattern reads as a glob ({@code * ? [ ]} and the escape
 * {@code \}), nor one that splits a line-oriented consumer (whitespace, control characters). Checked per character,
 * with no regex, on the exporter's hot path.
 */
final class ChannelNames {
  /** The default limit on a rendered name, in UTF-8 bytes. */
  static final int DEFAULT_MAX_BYTES = 256;

  private ChannelNames() {}

  /**
   * Whether {@code c} may appear in a name: not a glob character, whitespace, a control character (C0, DEL, C1) or
   * an invisible format character (zero-width space, bidirectional overrides), which would show a reader another
   * name than the one used.
   */
  static boolean allowed(char c) {
    if (c < 0x80) {
      return c > 0x20 && c != 0x7f && c != '*' && c != '?' && c != '[' && c != ']' && c != '\\';
    }
    return c > 0x9f && !Character.isWhitespace(c) && !Character.isSpaceChar(c)
        && Character.getType(c) != Character.FORMAT;
  }

  /**
   * The UTF-8 length of {@code value}, or -1 when it holds a character not {@link #allowed} or is longer than
   * {@code budget} bytes.
   */
  static int valueBytes(String value, int budget) {
    int bytes = 0;
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        bytes += 2; // a surrogate pair is 4 bytes: 2 for each half
      } else {
        bytes += 3;
      }
      if (bytes > budget || !allowed(c)) {
        return -1;
      }
    }
    return bytes;
  }

  /** Why {@code literal} (a configured part of a name) cannot be used, or null. */
  static String fault(String literal) {
    for (int i = 0; i < literal.length(); i++) {
      if (!allowed(literal.charAt(i))) {
        return "names may not hold * ? [ ] \\, whitespace or control characters (found "
            + String.format("U+%04X", (int) literal.charAt(i)) + ")";
      }
    }
    return null;
  }
}
