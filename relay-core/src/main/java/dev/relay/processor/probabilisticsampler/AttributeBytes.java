package dev.relay.processor.probabilisticsampler;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import io.opentelemetry.proto.common.v1.AnyValue;

/**
 * The bytes of a log record attribute that the {@code hash_seed} mode hashes, as the Collector takes them: a bytes
 * value as it is, anything else as its text ({@code pcommon.Value.AsString}). Maps and lists give null: Relay does
 * not render them as the Collector's JSON, so they are not used.
 */
final class AttributeBytes {
  private AttributeBytes() {}

  static byte[] of(AnyValue value) {
    return switch (value.getValueCase()) {
      case BYTES_VALUE -> value.getBytesValue().toByteArray();
      case STRING_VALUE -> value.getStringValue().getBytes(StandardCharsets.UTF_8);
      case INT_VALUE -> Long.toString(value.getIntValue()).getBytes(StandardCharsets.UTF_8);
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue()).getBytes(StandardCharsets.UTF_8);
      case DOUBLE_VALUE -> doubleText(value.getDoubleValue()).getBytes(StandardCharsets.UTF_8);
      case VALUE_NOT_SET -> new byte[0];
      default -> null;
    };
  }

  /**
   * {@code pcommon.Value.AsString} of a double: the shortest digits that read back the same, in plain notation, or
   * in exponent notation below 1e-6 and from 1e21 (as ES6 numbers print).
   */
  static String doubleText(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "json: unsupported value: " + (Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf");
    }
    if (v == 0) {
      return (1 / v < 0) ? "-0" : "0";
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    double abs = Math.abs(v);
    if (abs >= 1e-6 && abs < 1e21) {
      return d.toPlainString();
    }
    String digits = d.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - d.scale();
    StringBuilder out = new StringBuilder(v < 0 ? "-" : "").append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exponent < 0 ? '-' : '+');
    int e = Math.abs(exponent);
    // Go writes at least two exponent digits, then shortens a negative one-digit exponent (e-07 to e-7).
    out.append(e < 10 && exponent > 0 ? "0" : "").append(e);
    return out.toString();
  }
}
