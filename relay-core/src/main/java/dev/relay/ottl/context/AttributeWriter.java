package dev.relay.ottl.context;

import dev.relay.otlp.KeyedAttributes;
import dev.relay.otlp.WireSpan;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** Writable attributes of a builder: one entry is replaced or appended in place, without copying the rest. */
record AttributeWriter<T, B>(
    Function<T, B> builder,
    java.util.function.ToIntFunction<B> count,
    java.util.function.BiFunction<B, Integer, KeyValue> at,
    Function<B, List<KeyValue>> all,
    TriConsumer<B, Integer, KeyValue> setAt,
    BiConsumer<B, KeyValue> add,
    BiConsumer<B, List<KeyValue>> replaceAll) {

  /** Sets {@code key} to {@code value}: in place where the key is, appended otherwise. */
  void put(T ctx, String key, AnyValue value) {
    putEntry(ctx, KeyValue.newBuilder().setKey(key).setValue(value).build());
  }

  /** Sets the entry's key to the entry: in place where the key is, appended otherwise. */
  void putEntry(T ctx, KeyValue kv) {
    B b = builder.apply(ctx);
    int i = indexOf(b, kv.getKey());
    if (i >= 0) {
      setAt.accept(b, i, kv);
    } else {
      add.accept(b, kv);
    }
  }

  AnyValue get(T ctx, String key) {
    B b = builder.apply(ctx);
    int i = indexOf(b, key);
    return i < 0 ? null : at.apply(b, i).getValue();
  }

  /** Where {@code key} is; a span still in its bytes answers without decoding its attributes. */
  private int indexOf(B b, String key) {
    if (b instanceof WireSpan) {
      return KeyedAttributes.indexOfKey(all.apply(b), key);
    }
    for (int i = 0, n = count.applyAsInt(b); i < n; i++) {
      if (at.apply(b, i).getKey().equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @FunctionalInterface
  interface TriConsumer<A, B, C> {
    void accept(A a, B b, C c);
  }
}
