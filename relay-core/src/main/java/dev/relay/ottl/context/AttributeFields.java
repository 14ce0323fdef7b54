package dev.relay.ottl.context;

import dev.relay.ottl.Ast;
import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.AttributeMap;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.ottl.Setter;
import dev.relay.ottl.Values;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code attributes} field of any message, with its keys ({@code attributes["k"]["sub"]}): a getter that looks a
 * literal first key up without a map view, and a setter through an {@link AttributeWriter}.
 */
final class AttributeFields {
  private AttributeFields() {}

  static <T> Getter<T> getter(PathExpr path, int i, Function<T, List<KeyValue>> attrs, Compiler<T> c)
      throws OttlException {
    PathChecks.last(path, i);
    Getter<T> map = ctx -> new AttributeMap(attrs.apply(ctx));
    List<Ast.Expr> keys = path.fields().get(i).keys();
    if (keys.isEmpty()) {
      return map;
    }
    // The first key is by far the common case: scan the list directly, without a map view. (A builder's list
    // view does not escape, so the JIT removes it: measured 0 B/op.)
    if (keys.get(0) instanceof Ast.Literal lit && lit.value() instanceof String key) {
      Getter<T> first = ctx -> AttributeMap.lookup(attrs.apply(ctx), key);
      return c.withKeys(first, keys.subList(1, keys.size()));
    }
    return c.withKeys(map, keys);
  }

  /**
   * Writes {@code attributes}, {@code attributes["k"]} or {@code attributes["k"]["sub"]...}. Keys must be literals.
   * Writing nil changes nothing, as in the Collector; missing intermediate maps are created.
   */
  static <T, B> Setter<T> setter(PathExpr path, int i, AttributeWriter<T, B> attrs, Compiler<T> c)
      throws OttlException {
    PathChecks.last(path, i);
    List<Ast.Expr> keyExprs = path.fields().get(i).keys();
    if (keyExprs.isEmpty()) {
      return (ctx, v) -> {
        if (v == null) {
          return;
        }
        if (!(v instanceof AttributeMap m)) {
          throw new OttlRuntimeException(path.dotted() + " must be set to a map, not " + FieldValues.typeName(v));
        }
        List<KeyValue> entries = List.copyOf(m.entries());
        attrs.replaceAll().accept(attrs.builder().apply(ctx), entries);
      };
    }
    Object[] keys = new Object[keyExprs.size()];
    for (int k = 0; k < keys.length; k++) {
      if (!(keyExprs.get(k) instanceof Ast.Literal lit)
          || !(lit.value() instanceof String || lit.value() instanceof Long)) {
        throw new OttlException("the keys of a path that is changed must be string or int literals (column "
            + (keyExprs.get(k).pos() + 1) + ")");
      }
      keys[k] = lit.value();
    }
    if (!(keys[0] instanceof String first)) {
      throw new OttlException("attributes are indexed by string keys (column " + (keyExprs.get(0).pos() + 1) + ")");
    }
    if (keys.length == 1) {
      return new Setter<>() {
        @Override
        public void set(T ctx, Object v) {
          AnyValue value = Values.toAny(v);
          if (value != null) {
            attrs.put(ctx, first, value);
          }
        }

        @Override
        public Setter<T> withConstant(Object constant) {
          AnyValue value = Values.toAny(constant);
          if (value == null) {
            return this;
          }
          // A literal's entry is made once, with its size memoized, and shared by every span.
          KeyValue entry = KeyValue.newBuilder().setKey(first).setValue(value).build();
          return (ctx, ignored) -> attrs.putEntry(ctx, entry);
        }
      };
    }
    return (ctx, v) -> {
      AnyValue value = Values.toAny(v);
      if (value != null) {
        attrs.put(ctx, first, setIn(attrs.get(ctx, first), keys, 1, value, path));
      }
    };
  }

  /** A copy of {@code list} with {@code key} set to {@code value}, in place if present, else appended. */
  private static List<KeyValue> withKey(List<KeyValue> list, String key, AnyValue value) {
    List<KeyValue> out = new ArrayList<>(list.size() + 1);
    boolean replaced = false;
    for (KeyValue kv : list) {
      if (!replaced && kv.getKey().equals(key)) {
        out.add(KeyValue.newBuilder().setKey(key).setValue(value).build());
        replaced = true;
      } else {
        out.add(kv);
      }
    }
    if (!replaced) {
      out.add(KeyValue.newBuilder().setKey(key).setValue(value).build());
    }
    return out;
  }

  private static AnyValue setIn(AnyValue container, Object[] keys, int k, AnyValue value, PathExpr path) {
    if (k == keys.length) {
      return value;
    }
    if (keys[k] instanceof String key) {
      List<KeyValue> entries = container != null && container.hasKvlistValue()
          ? container.getKvlistValue().getValuesList()
          : List.of();
      AnyValue child = null;
      for (KeyValue kv : entries) {
        if (kv.getKey().equals(key)) {
          child = kv.getValue();
        }
      }
      AnyValue updated = setIn(child, keys, k + 1, value, path);
      return AnyValue.newBuilder()
          .setKvlistValue(KeyValueList.newBuilder().addAllValues(withKey(entries, key, updated))).build();
    }
    long index = (Long) keys[k];
    if (container == null || !container.hasArrayValue() || index < 0
        || index >= container.getArrayValue().getValuesCount()) {
      throw new OttlRuntimeException(path.dotted() + ": index " + index + " is out of range");
    }
    ArrayValue arr = container.getArrayValue();
    AnyValue updated = setIn(arr.getValues((int) index), keys, k + 1, value, path);
    return AnyValue.newBuilder().setArrayValue(arr.toBuilder().setValues((int) index, updated)).build();
  }
}
