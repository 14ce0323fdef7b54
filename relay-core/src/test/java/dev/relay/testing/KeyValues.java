package dev.relay.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;

/** OTLP attributes from plain Java values, for building test requests. */
public final class KeyValues {
  private KeyValues() {}

  /** Attributes from alternating keys and values: {@code of("service.name", "shop", "retries", 3)}. */
  public static List<KeyValue> of(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must alternate");
    }
    List<KeyValue> out = new ArrayList<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.add(kv((String) keysAndValues[i], keysAndValues[i + 1]));
    }
    return out;
  }

  public static KeyValue kv(String key, Object value) {
    return KeyValue.newBuilder().setKey(key).setValue(value(value)).build();
  }

  /**
   * The OTLP value of a String, Long or Integer (int_value), Double, Boolean, byte[] (bytes_value), List (array_value)
   * or AnyValue (as it is).
   */
  public static AnyValue value(Object v) {
    if (v instanceof AnyValue any) {
      return any;
    } else if (v instanceof String s) {
      return AnyValue.newBuilder().setStringValue(s).build();
    } else if (v instanceof Long || v instanceof Integer) {
      return AnyValue.newBuilder().setIntValue(((Number) v).longValue()).build();
    } else if (v instanceof Double d) {
      return AnyValue.newBuilder().setDoubleValue(d).build();
    } else if (v instanceof Boolean b) {
      return AnyValue.newBuilder().setBoolValue(b).build();
    } else if (v instanceof byte[] bytes) {
      return AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(bytes)).build();
    } else if (v instanceof List<?> list) {
      ArrayValue.Builder array = ArrayValue.newBuilder();
      list.forEach(item -> array.addValues(value(item)));
      return AnyValue.newBuilder().setArrayValue(array).build();
    }
    throw new IllegalArgumentException("no OTLP value for " + (v == null ? "null" : v.getClass().getName()));
  }
}
