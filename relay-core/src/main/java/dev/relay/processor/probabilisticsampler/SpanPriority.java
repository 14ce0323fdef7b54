package dev.relay.processor.probabilisticsampler;

import dev.relay.otlp.KeyedAttributes;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.SpanOrBuilder;

/**
 * A span's {@code sampling.priority} attribute (OpenTracing's convention), read as the Collector reads it: an int,
 * double or numeric string that is 0 means never sample, one above 0 means always; anything else defers to the
 * percentage.
 */
enum SpanPriority {
  DEFER,
  MUST_SAMPLE,
  DO_NOT_SAMPLE;

  static final String ATTRIBUTE = "sampling.priority";

  static SpanPriority of(SpanOrBuilder span) {
    // A span still in its received bytes compares keys there: the attributes it does not have are never decoded.
    int i = KeyedAttributes.indexOfKey(span.getAttributesList(), ATTRIBUTE);
    return i < 0 ? DEFER : of(span.getAttributes(i).getValue());
  }

  static SpanPriority of(AnyValue v) {
    double value;
    switch (v.getValueCase()) {
      case INT_VALUE -> value = v.getIntValue();
      case DOUBLE_VALUE -> value = v.getDoubleValue();
      case STRING_VALUE -> value = parseFloat(v.getStringValue());
      default -> value = Double.NaN;
    }
    if (value == 0) {
      return DO_NOT_SAMPLE;
    }
    return value > 0 ? MUST_SAMPLE : DEFER;
  }

  /** Go's {@code strconv.ParseFloat} for the forms that matter here; NaN when it would fail. */
  private static double parseFloat(String s) {
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    switch (lower) {
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (s.isEmpty() || s.strip().length() != s.length() || "dDfF".indexOf(s.charAt(s.length() - 1)) >= 0
        || lower.contains("infinity") || lower.contains("nan")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
