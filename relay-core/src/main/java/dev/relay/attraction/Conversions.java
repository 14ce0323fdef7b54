package dev.relay.attraction;

import dev.relay.json.JsonWriter;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The {@code convert} action's rules, and the text of a value as the Collector's {@code Value.AsString} writes it
 * (which {@code convert} to string and include/exclude matching use). A value that cannot be converted stays as it
 * is; the result is the same object when nothing changes.
 */
public final class Conversions {
  private Conversions() {}

  /** {@code v} converted to {@code type} ({@code int}, {@code double} or {@code string}). */
  static AnyValue convert(AnyValue v, String type) {
    switch (type) {
      case "string":
        return v.hasStringValue() ? v : string(asString(v));
      case "int":
        switch (v.getValueCase()) {
          case DOUBLE_VALUE:
            return integer((long) v.getDoubleValue());
          case BOOL_VALUE:
            return integer(v.getBoolValue() ? 1 : 0);
          case STRING_VALUE:
            try {
              return integer(Long.parseLong(v.getStringValue()));
            } catch (NumberFormatException e) {
              return v;
            }
          default:
            return v;
        }
      case "double":
        switch (v.getValueCase()) {
          case INT_VALUE:
            return dbl(v.getIntValue());
          case BOOL_VALUE:
            return dbl(v.getBoolValue() ? 1 : 0);
          case STRING_VALUE:
            Double d = parseGoFloat(v.getStringValue());
            return d == null ? v : dbl(d);
          default:
            return v;
        }
      default:
        return v;
    }
  }

  /** Go's {@code strconv.ParseFloat}: no spaces or Java suffixes; {@code inf}/{@code nan} in any case; no overflow. */
  static Double parseGoFloat(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      case "nan":
        return Double.NaN;
      default:
        break;
    }
    // Java also reads "NaN", "Infinity" and a d or f suffix, which Go does not.
    if (s.isEmpty() || lower.contains("n") || lower.endsWith("d") || lower.endsWith("f")) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return null;
      }
    }
    try {
      double d = Double.parseDouble(s);
      return Double.isInfinite(d) ? null : d; // out of range: Go reports an error
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The value as text: strings as they are, bools and ints printed, doubles as JavaScript prints them ({@code 1.5},
   * {@code 100}, {@code 1e+21}), bytes in base64, maps and lists as JSON with map keys sorted, nothing as "".
   */
  public static String asString(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> doubleAsString(v.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> {
        JsonWriter w = new JsonWriter(64);
        json(w, v);
        yield w.toString();
      }
      default -> "";
    };
  }

  /** A double as Go's {@code strconv.FormatFloat(d, 'f', -1, 64)}: plain decimal digits, as few as identify it. */
  public static String plainDouble(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }

  static String doubleAsString(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return "json: unsupported value: " + (Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf");
    }
    double abs = Math.abs(d);
    if (abs == 0 || abs >= 1e-6 && abs < 1e21) {
      return plainDouble(d);
    }
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = bd.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - bd.scale();
    StringBuilder out = new StringBuilder();
    if (d < 0) {
      out.append('-');
    }
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exp < 0 ? '-' : '+');
    int e = Math.abs(exp);
    if (exp > 0 && e < 10) {
      out.append('0');
    }
    return out.append(e).toString();
  }

  private static void json(JsonWriter w, AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE -> w.value(v.getStringValue());
      case BOOL_VALUE -> w.value(v.getBoolValue());
      case INT_VALUE -> w.value(v.getIntValue());
      case DOUBLE_VALUE -> w.value(v.getDoubleValue());
      case BYTES_VALUE -> w.asciiValue(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
      case ARRAY_VALUE -> {
        w.beginArray();
        for (AnyValue item : v.getArrayValue().getValuesList()) {
          json(w, item);
        }
        w.endArray();
      }
      case KVLIST_VALUE -> {
        List<KeyValue> entries = new ArrayList<>(v.getKvlistValue().getValuesList());
        entries.sort(Comparator.comparing(KeyValue::getKey));
        w.beginObject();
        for (KeyValue kv : entries) {
          w.name(kv.getKey());
          json(w, kv.getValue());
        }
        w.endObject();
      }
      default -> w.nullValue();
    }
  }

  private static AnyValue string(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  private static AnyValue integer(long v) {
    return AnyValue.newBuilder().setIntValue(v).build();
  }

  private static AnyValue dbl(double v) {
    return AnyValue.newBuilder().setDoubleValue(v).build();
  }
}
