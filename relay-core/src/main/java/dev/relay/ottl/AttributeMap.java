package dev.relay.ottl;

import dev.relay.otlp.KeyedAttributes;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;

/** A view of OTLP attributes (or a kvlist value) as an OTTL map; lookups scan, as attribute lists are short. */
public record AttributeMap(List<KeyValue> entries) {
  public Object get(String key) {
    if (entries instanceof KeyedAttributes keyed) {
      int i = keyed.indexOfKey(key);
      return i < 0 ? null : Values.fromAny(entries.get(i).getValue());
    }
    for (int i = 0, n = entries.size(); i < n; i++) {
      KeyValue kv = entries.get(i);
      if (kv.getKey().equals(key)) {
        return Values.fromAny(kv.getValue());
      }
    }
    return null;
  }
}
