package dev.relay.attraction;

import io.opentelemetry.proto.common.v1.AnyValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code hash} action's value: the lowercase hex SHA-256 of the value's bytes, as the Collector computes it
 * since v0.85.0 (its {@code coreinternal.attraction.hash.sha256} gate became stable; its README still says SHA-1).
 * A string hashes its UTF-8 bytes, a bool one byte (1 or 0), an int and a double their 8 bytes little-endian. Any
 * other value, and an empty string, becomes the empty string, as there.
 */
final class Hashing {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  private Hashing() {}

  static String sha256Hex(AnyValue v) {
    byte[] bytes = switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue().getBytes(StandardCharsets.UTF_8);
      case BOOL_VALUE -> new byte[] {(byte) (v.getBoolValue() ? 1 : 0)};
      case INT_VALUE -> ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v.getIntValue()).array();
      case DOUBLE_VALUE -> ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
          .putLong(Double.doubleToRawLongBits(v.getDoubleValue())).array();
      default -> new byte[0];
    };
    if (bytes.length == 0) {
      return "";
    }
    byte[] digest = SHA256.get().digest(bytes);
    char[] out = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(out);
  }
}
