package dev.relay.ottl;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;

/** Builds an OTTL map value in insertion order; a key put again replaces its value in place. */
final class MapBuilder {
  private final List<KeyValue> entries = new ArrayList<>();

  MapBuilder put(String key, Object value) {
    AnyValue v = Values.toAny(value);
    KeyValue kv = KeyValue.newBuilder().setKey(key).setValue(v == null ? AnyValue.getDefaultInstance() : v).build();
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).getKey().equals(key)) {
        entries.set(i, kv);
        return this;
      }
    }
    entries.add(kv);
    return this;
  }

  AttributeMap build() {
    return new AttributeMap(List.copyOf(entries));
  }
}
