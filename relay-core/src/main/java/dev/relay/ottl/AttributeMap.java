package dev.relay.ottl;

import dev.relay.otlp.KeyedAttributes;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;

/** A view of OTLP attributes (or a kvlist value) as an OTTL map; lookups scan, as attribute lists are short. */
public record AttributeMap(List<KeyValue> entries) {
  public Object get(String key) {
    return lookup(entries, key);
  }

  /**
   * The value of the first entry with {@code key}, as an OTTL value, or null. Attributes still in a request's bytes
   * ({@link KeyedAttributes}) decode only the entry found.
   */
  public static Object lookup(List<KeyValue> entries, String key) {
    int i = KeyedAttributes.indexOfKey(entries, key);
    return i < 0 ? null : Values.fromAny(entries.get(i).getValue());
  }
}
