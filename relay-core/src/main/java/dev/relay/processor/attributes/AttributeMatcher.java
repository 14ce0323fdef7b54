package dev.relay.processor.attributes;

import com.google.re2j.Pattern;
import dev.relay.attraction.Conversions;
import dev.relay.attraction.Patterns;
import dev.relay.otlp.KeyedAttributes;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;

/**
 * One entry of {@code attributes} or {@code resources}: the key must be present and, when a value is given, its value
 * must equal it (strict: same type and value) or, for regexp, its text (strings, bools, ints and doubles) must
 * contain a match.
 */
record AttributeMatcher(String key, AnyValue value, Pattern pattern) {
  /** Whether every matcher holds for {@code attributes}; true when there are none, as in the Collector. */
  static boolean all(List<AttributeMatcher> matchers, List<KeyValue> attributes) {
    if (matchers.isEmpty()) {
      return true;
    }
    if (attributes.isEmpty()) {
      return false;
    }
    for (int i = 0, n = matchers.size(); i < n; i++) {
      if (!matchers.get(i).matches(attributes)) {
        return false;
      }
    }
    return true;
  }

  boolean matches(List<KeyValue> attributes) {
    int i = KeyedAttributes.indexOfKey(attributes, key);
    if (i < 0) {
      return false;
    }
    if (pattern != null) {
      String text = text(attributes.get(i).getValue());
      return text != null && Patterns.find(pattern, text);
    }
    return value == null || same(value, attributes.get(i).getValue());
  }

  private static String text(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> Conversions.plainDouble(v.getDoubleValue());
      default -> null;
    };
  }

  private static boolean same(AnyValue want, AnyValue got) {
    if (want.getValueCase() != got.getValueCase()) {
      return false;
    }
    return switch (want.getValueCase()) {
      case STRING_VALUE -> want.getStringValue().equals(got.getStringValue());
      case BOOL_VALUE -> want.getBoolValue() == got.getBoolValue();
      case INT_VALUE -> want.getIntValue() == got.getIntValue();
      case DOUBLE_VALUE -> want.getDoubleValue() == got.getDoubleValue();
      default -> want.equals(got);
    };
  }
}
