package dev.relay.ottl;

import com.google.protobuf.ByteString;

/** A trace or span id; compares equal to a bytes literal with the same bytes, prints as lowercase hex. */
public record Id(ByteString bytes) {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  public String hex() {
    return hex(bytes);
  }

  public boolean isEmpty() {
    return bytes.isEmpty();
  }

  public static String hex(ByteString b) {
    char[] out = new char[b.size() * 2];
    for (int i = 0; i < b.size(); i++) {
      int v = b.byteAt(i) & 0xff;
      out[2 * i] = HEX[v >>> 4];
      out[2 * i + 1] = HEX[v & 0xf];
    }
    return new String(out);
  }

  @Override
  public String toString() {
    return hex();
  }
}
