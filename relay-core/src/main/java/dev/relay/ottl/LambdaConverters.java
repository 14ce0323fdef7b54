package dev.relay.ottl;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The higher-order converters (contrib's {@code All}, {@code Any}, {@code Filter}, {@code Find}, {@code MapEach},
 * {@code MapKeys};
 * alpha there, behind the {@code ottl.functions.enableLambda} gate): each applies a two-parameter lambda to the
 * elements of a list (index, value) or a map (key, value). A source that is not a list or map fails, and so does a
 * predicate that does not give a bool.
 */
final class LambdaConverters {
  private LambdaConverters() {}

  enum Kind { ALL, ANY, FILTER, FIND, MAP_EACH, MAP_KEYS }

  static List<Converter> all() {
    return List.of(new HigherOrder("All", Kind.ALL), new HigherOrder("Any", Kind.ANY),
        new HigherOrder("Filter", Kind.FILTER), new HigherOrder("Find", Kind.FIND),
        new HigherOrder("MapEach", Kind.MAP_EACH), new HigherOrder("MapKeys", Kind.MAP_KEYS));
  }

  static final class HigherOrder implements Converter {
    private final String name;
    private final Kind kind;

    HigherOrder(String name, Kind kind) {
      this.name = name;
      this.kind = kind;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean returnsBoolean() {
      return kind == Kind.ALL || kind == Kind.ANY;
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name, args, 2, kind == Kind.FIND ? 3 : 2);
      Getter<T> source = args.get(0).getter();
      LambdaFn<T> fn = lambda(args.get(1));
      LambdaFn<T> mapper = args.size() > 2 ? lambda(args.get(2)) : null;
      return ctx -> apply(ctx, source.get(ctx), fn, mapper);
    }

    private <T> LambdaFn<T> lambda(Arg<T> arg) throws OttlException {
      if (arg.lambda() == null || arg.lambda().arity() != 2) {
        throw new OttlException(name + " takes a lambda with exactly two parameters, as in (k, v) => ... (column "
            + (arg.expr().pos() + 1) + ")");
      }
      return arg.lambda();
    }

    private <T> Object apply(T ctx, Object source, LambdaFn<T> fn, LambdaFn<T> mapper) {
      List<Object> keys = new ArrayList<>();
      List<Object> values = new ArrayList<>();
      if (source instanceof AttributeList l) {
        for (int i = 0; i < l.items().size(); i++) {
          keys.add((long) i);
          values.add(l.get(i));
        }
      } else if (source instanceof List<?> l) {
        for (int i = 0; i < l.size(); i++) {
          keys.add((long) i);
          values.add(l.get(i));
        }
      } else if (source instanceof AttributeMap m) {
        for (KeyValue kv : m.entries()) {
          keys.add(kv.getKey());
          values.add(Values.fromAny(kv.getValue()));
        }
      } else {
        throw new OttlRuntimeException(name + " expects a list or a map, got " + Converters.describe(source));
      }
      boolean isMap = source instanceof AttributeMap;
      if (kind == Kind.MAP_KEYS && !isMap) {
        throw new OttlRuntimeException(name + " expects a map, got " + Converters.describe(source));
      }
      List<Object> kept = new ArrayList<>();
      List<KeyValue> keptEntries = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        Object k = keys.get(i);
        Object v = values.get(i);
        if (kind == Kind.MAP_KEYS) {
          Object key = fn.apply(ctx, k, v);
          if (!(key instanceof String newKey)) {
            throw new OttlRuntimeException(name + ": the key mapper must give a string, got "
                + Converters.describe(key));
          }
          keptEntries.removeIf(e -> e.getKey().equals(newKey));
          keptEntries.add(((AttributeMap) source).entries().get(i).toBuilder().setKey(newKey).build());
          continue;
        }
        if (kind == Kind.MAP_EACH) {
          Object mapped = fn.apply(ctx, k, v);
          if (isMap) {
            keptEntries.add(entry((String) k, mapped));
          } else {
            kept.add(mapped);
          }
          continue;
        }
        boolean hit = test(fn.apply(ctx, k, v));
        switch (kind) {
          case ALL -> {
            if (!hit) {
              return false;
            }
          }
          case ANY -> {
            if (hit) {
              return true;
            }
          }
          case FIND -> {
            if (hit) {
              return mapper == null ? v : mapper.apply(ctx, k, v);
            }
          }
          default -> {
            if (hit && isMap) {
              keptEntries.add(((AttributeMap) source).entries().get(i));
            } else if (hit) {
              kept.add(v);
            }
          }
        }
      }
      return switch (kind) {
        case ALL -> true;
        case ANY -> false;
        case FIND -> null;
        default -> isMap ? new AttributeMap(keptEntries) : Collections.unmodifiableList(kept);
      };
    }

    private boolean test(Object result) {
      if (result instanceof Boolean b) {
        return b;
      }
      throw new OttlRuntimeException(name + ": the predicate must give a bool, got " + Converters.describe(result));
    }

    private static KeyValue entry(String key, Object value) {
      AnyValue v = Values.toAny(value);
      return KeyValue.newBuilder().setKey(key).setValue(v == null ? AnyValue.getDefaultInstance() : v).build();
    }
  }
}
