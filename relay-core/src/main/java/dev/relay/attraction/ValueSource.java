package dev.relay.attraction;

import io.opentelemetry.proto.common.v1.AnyValue;

/** Where an insert, update or upsert takes its value: a constant, another attribute or the request's context. */
sealed interface ValueSource {
  /** The value for the item whose attributes are {@code attrs}, or null when the source has none. */
  AnyValue value(AttributeEditor attrs);

  /** {@code value}: the same every time. */
  record Constant(AnyValue value) implements ValueSource {
    @Override
    public AnyValue value(AttributeEditor attrs) {
      return value;
    }
  }

  /** {@code from_attribute}, falling back to {@code default_value} (null when none). */
  record FromAttribute(String key, AnyValue fallback) implements ValueSource {
    @Override
    public AnyValue value(AttributeEditor attrs) {
      AnyValue v = attrs.get(key);
      return v != null ? v : fallback;
    }
  }

  /** {@code from_context}, falling back to {@code default_value} (null when none). */
  record FromContext(String key, AnyValue fallback) implements ValueSource {
    @Override
    public AnyValue value(AttributeEditor attrs) {
      AnyValue v = ClientContext.lookup(key);
      return v != null ? v : fallback;
    }
  }
}
