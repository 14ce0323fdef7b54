package dev.relay.attraction;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

/** {@code convert}: changes the type of the value of {@code key} to int, double or string, when it can. */
final class ConvertAction implements Action {
  private final String key;
  private final String type;

  ConvertAction(String key, String type) {
    this.key = key;
    this.type = type;
  }

  @Override
  public void apply(AttributeEditor attrs) {
    int i = attrs.indexOf(key);
    if (i < 0) {
      return;
    }
    AnyValue v = attrs.entries().get(i).getValue();
    AnyValue converted = Conversions.convert(v, type);
    if (converted != v) {
      attrs.set(i, KeyValue.newBuilder().setKey(key).setValue(converted).build());
    }
  }
}
