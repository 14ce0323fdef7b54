package dev.relay.ottl;

/**
 * A compiled expression: reads a value from a context. Values are null (OTTL's nil), String, Long, Double, Boolean,
 * {@link com.google.protobuf.ByteString} (bytes), {@link Id}, {@link Timestamp}, {@link AttributeMap} or
 * {@link AttributeList}.
 */
@FunctionalInterface
public interface Getter<T> {
  Object get(T ctx);
}
