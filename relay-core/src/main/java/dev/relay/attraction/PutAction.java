package dev.relay.attraction;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

/**
 * {@code insert} (only where the key is absent), {@code update} (only where it is present) and {@code upsert}
 * (either way). Nothing happens when the source has no value. A constant's entry is built once and shared.
 */
final class PutAction implements Action {
  enum Mode { INSERT, UPDATE, UPSERT }

  private final Mode mode;
  private final String key;
  private final ValueSource source;
  private final KeyValue constant;

  PutAction(Mode mode, String key, ValueSource source) {
    this.mode = mode;
    this.key = key;
    this.source = source;
    this.constant = source instanceof ValueSource.Constant c
        ? KeyValue.newBuilder().setKey(key).setValue(c.value()).build()
        : null;
  }

  /** The {@code from_context} key this action reads, or null. */
  String contextKey() {
    return source instanceof ValueSource.FromContext c ? c.key() : null;
  }

  @Override
  public void apply(AttributeEditor attrs) {
    KeyValue entry = constant;
    if (entry == null) {
      AnyValue v = source.value(attrs);
      if (v == null) {
        return;
      }
      entry = KeyValue.newBuilder().setKey(key).setValue(v).build();
    }
    int i = attrs.indexOf(key);
    if (i >= 0) {
      if (mode != Mode.INSERT) {
        attrs.set(i, entry);
      }
    } else if (mode != Mode.UPDATE) {
      attrs.add(entry);
    }
  }
}
