package dev.relay.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes JSON as UTF-8 into a growable byte buffer that is reused across messages ({@link #reset()}). Commas are
 * placed automatically; the caller only opens, names and closes. Not thread-safe: one writer per thread.
 */
public final class JsonWriter {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_DEPTH = 64;

  private byte[] buf;
  private int len;
  /** Per nesting level: whether the next value there needs a comma before it. */
  private final boolean[] needComma = new boolean[MAX_DEPTH + 1];
  private int depth;
  private boolean afterName;
  /** String values longer than this many chars are cut (for fitting a payload limit); -1 for no limit. */
  private int stringLimit = -1;

  public JsonWriter(int initialCapacity) {
    this.buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Cuts every string value written from now on to at most {@code chars} characters; -1 lifts the limit. */
  public JsonWriter limitStrings(int chars) {
    this.stringLimit = chars;
    return this;
  }

  public JsonWriter reset() {
    len = 0;
    stringLimit = -1;
    depth = 0;
    afterName = false;
    needComma[0] = false;
    return this;
  }

  public int size() {
    return len;
  }

  /** A copy of what was written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  @Override
  public String toString() {
    return new String(buf, 0, len, StandardCharsets.UTF_8);
  }

  /** The depth of open objects and arrays; a value nested deeper than this writes {@code null}. */
  public int depth() {
    return depth;
  }

  public static int maxDepth() {
    return MAX_DEPTH;
  }

  public JsonWriter beginObject() {
    beforeValue();
    put((byte) '{');
    open();
    return this;
  }

  public JsonWriter endObject() {
    depth--;
    put((byte) '}');
    return this;
  }

  public JsonWriter beginArray() {
    beforeValue();
    put((byte) '[');
    open();
    return this;
  }

  public JsonWriter endArray() {
    depth--;
    put((byte) ']');
    return this;
  }

  public JsonWriter name(String name) {
    if (needComma[depth]) {
      put((byte) ',');
    }
    needComma[depth] = true;
    quoted(name);
    put((byte) ':');
    afterName = true;
    return this;
  }

  public JsonWriter value(String s) {
    if (s == null) {
      return nullValue();
    }
    beforeValue();
    if (stringLimit >= 0 && s.length() > stringLimit) {
      int cut = stringLimit;
      if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) {
        cut--;
      }
      s = s.substring(0, cut);
    }
    quoted(s);
    return this;
  }

  public JsonWriter value(long v) {
    beforeValue();
    ascii(Long.toString(v));
    return this;
  }

  /** A double; NaN and infinities have no JSON form and are written as {@code null}. */
  public JsonWriter value(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return nullValue();
    }
    beforeValue();
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      ascii(Long.toString((long) v));
    } else {
      ascii(Double.toString(v));
    }
    return this;
  }

  public JsonWriter value(boolean v) {
    beforeValue();
    ascii(v ? "true" : "false");
    return this;
  }

  public JsonWriter nullValue() {
    beforeValue();
    ascii("null");
    return this;
  }

  /** A string value given as raw ASCII characters needing no escapes (hex, dates). */
  public JsonWriter asciiValue(CharSequence s) {
    beforeValue();
    put((byte) '"');
    ascii(s);
    put((byte) '"');
    return this;
  }

  private void open() {
    if (depth >= MAX_DEPTH) {
      throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
    }
    depth++;
    needComma[depth] = false;
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (needComma[depth]) {
      put((byte) ',');
    }
    needComma[depth] = true;
  }

  private void quoted(String s) {
    ensure(s.length() + 2);
    buf[len++] = '"';
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c < 0x20 || c == '"' || c == '\\') {
          escape(c);
        } else {
          ensure(1);
          buf[len++] = (byte) c;
        }
      } else if (c < 0x800) {
        ensure(2);
        buf[len++] = (byte) (0xc0 | (c >> 6));
        buf[len++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        ensure(4);
        buf[len++] = (byte) (0xf0 | (cp >> 18));
        buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        buf[len++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        // a lone surrogate is not valid UTF-8: write U+FFFD as encoders do
        ensure(3);
        buf[len++] = (byte) 0xef;
        buf[len++] = (byte) 0xbf;
        buf[len++] = (byte) 0xbd;
      } else {
        ensure(3);
        buf[len++] = (byte) (0xe0 | (c >> 12));
        buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        buf[len++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    put((byte) '"');
  }

  private void escape(char c) {
    ensure(6);
    buf[len++] = '\\';
    switch (c) {
      case '"' -> buf[len++] = '"';
      case '\\' -> buf[len++] = '\\';
      case '\n' -> buf[len++] = 'n';
      case '\r' -> buf[len++] = 'r';
      case '\t' -> buf[len++] = 't';
      case '\b' -> buf[len++] = 'b';
      case '\f' -> buf[len++] = 'f';
      default -> {
        buf[len++] = 'u';
        buf[len++] = '0';
        buf[len++] = '0';
        buf[len++] = HEX[c >> 4];
        buf[len++] = HEX[c & 0xf];
      }
    }
  }

  private void ascii(CharSequence s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private void put(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }
}
