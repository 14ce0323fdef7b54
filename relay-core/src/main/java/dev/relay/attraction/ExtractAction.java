package dev.relay.attraction;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;

/**
 * {@code extract}: finds {@code pattern} in the string value of {@code key} (left as it is) and sets one string
 * attribute per named group, overwriting any already there; a group that took no part in the match sets "". A value
 * that is not a string, or does not match, changes nothing.
 */
final class ExtractAction implements Action {
  private final String key;
  private final Pattern pattern;
  private final List<String> names;

  ExtractAction(String key, Pattern pattern, List<String> names) {
    this.key = key;
    this.pattern = pattern;
    this.names = List.copyOf(names);
  }

  @Override
  public void apply(AttributeEditor attrs) {
    AnyValue v = attrs.get(key);
    if (v == null || !v.hasStringValue()) {
      return;
    }
    Matcher m = Patterns.findIn(pattern, v.getStringValue());
    if (m == null) {
      return;
    }
    for (int g = 1; g <= names.size(); g++) {
      String s = m.group(g);
      attrs.put(KeyValue.newBuilder().setKey(names.get(g - 1))
          .setValue(AnyValue.newBuilder().setStringValue(s == null ? "" : s)).build());
    }
  }
}
