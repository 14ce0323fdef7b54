package dev.relay.ottl;

import dev.relay.json.JsonWriter;

import com.google.protobuf.ByteString;
import dev.relay.ottl.AttributeList;
import dev.relay.ottl.AttributeMap;
import dev.relay.ottl.Id;
import dev.relay.ottl.Timestamp;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;
import java.util.List;

/**
 * Writes OTTL values as JSON, keeping their types: strings, numbers, booleans, maps as objects, lists as arrays;
 * ids as lowercase hex, times as RFC 3339 UTC with microseconds, bytes as base64, nil and non-finite doubles as null.
 */
public final class ValueJson {
  private ValueJson() {}

  public static void write(JsonWriter w, Object v) {
    if (v == null) {
      w.nullValue();
    } else if (v instanceof String s) {
      w.value(s);
    } else if (v instanceof Long l) {
      w.value(l.longValue());
    } else if (v instanceof Integer i) {
      w.value(i.longValue());
    } else if (v instanceof Double d) {
      w.value(d.doubleValue());
    } else if (v instanceof Boolean b) {
      w.value(b.booleanValue());
    } else if (v instanceof Id id) {
      w.asciiValue(id.hex());
    } else if (v instanceof Timestamp t) {
      StringBuilder sb = new StringBuilder(27);
      Timestamp.appendRfc3339(sb, t.unixNano());
      w.asciiValue(sb);
    } else if (v instanceof ByteString b) {
      w.asciiValue(Base64.getEncoder().encodeToString(b.toByteArray()));
    } else if (v instanceof AttributeMap m) {
      attributes(w, m.entries());
    } else if (v instanceof AttributeList l) {
      array(w, l.items());
    } else if (v instanceof List<?> l) {
      w.beginArray();
      for (Object item : l) {
        write(w, item);
      }
      w.endArray();
    } else {
      w.value(v.toString());
    }
  }

  public static void attributes(JsonWriter w, List<KeyValue> entries) {
    if (w.depth() >= JsonWriter.maxDepth()) {
      w.nullValue();
      return;
    }
    w.beginObject();
    for (int i = 0, n = entries.size(); i < n; i++) {
      KeyValue kv = entries.get(i);
      w.name(kv.getKey());
      any(w, kv.getValue());
    }
    w.endObject();
  }

  private static void array(JsonWriter w, List<AnyValue> items) {
    if (w.depth() >= JsonWriter.maxDepth()) {
      w.nullValue();
      return;
    }
    w.beginArray();
    for (int i = 0, n = items.size(); i < n; i++) {
      any(w, items.get(i));
    }
    w.endArray();
  }

  /** Writes an OTLP AnyValue without first converting it to an OTTL value. */
  public static void any(JsonWriter w, AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE -> w.value(v.getStringValue());
      case BOOL_VALUE -> w.value(v.getBoolValue());
      case INT_VALUE -> w.value(v.getIntValue());
      case DOUBLE_VALUE -> w.value(v.getDoubleValue());
      case BYTES_VALUE -> w.asciiValue(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
      case ARRAY_VALUE -> array(w, v.getArrayValue().getValuesList());
      case KVLIST_VALUE -> attributes(w, v.getKvlistValue().getValuesList());
      default -> w.nullValue();
    }
  }
}
