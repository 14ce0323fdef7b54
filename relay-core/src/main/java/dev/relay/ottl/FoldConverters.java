package dev.relay.ottl;

import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;

/**
 * contrib's {@code Reduce(source, seed, (acc, k, v) => ...)} (folds a list by index or a map by key, in order;
 * an empty source gives the seed; a source that is not a list or map fails) and
 * {@code When(() => condition, trueValue, falseValue)} (only the chosen value is evaluated; a condition that
 * does not give a bool fails). Both are alpha lambda functions in the Collector.
 */
final class FoldConverters {
  private FoldConverters() {}

  static List<Converter> all() {
    return List.of(new Reduce(), new When());
  }

  private static <T> LambdaFn<T> lambda(String name, Arg<T> arg, int arity, String shape) throws OttlException {
    if (arg.lambda() == null || arg.lambda().arity() != arity) {
      throw new OttlException(name + " takes a lambda with exactly " + arity + " parameter" + (arity == 1 ? "" : "s")
          + ", as in " + shape + " (column " + (arg.expr().pos() + 1) + ")");
    }
    return arg.lambda();
  }

  static final class Reduce implements Converter {
    @Override
    public String name() {
      return "Reduce";
    }

    @Override
    public List<String> params() {
      return List.of("source", "seed", "accumulator");
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 3, 3);
      Getter<T> source = args.get(0).getter();
      Getter<T> seed = args.get(1).getter();
      LambdaFn<T> fn = lambda(name(), args.get(2), 3, "(acc, k, v) => ...");
      return ctx -> {
        Object src = source.get(ctx);
        Object acc = seed.get(ctx);
        if (src instanceof AttributeList l) {
          for (int i = 0; i < l.items().size(); i++) {
            acc = fn.applyAll(ctx, acc, (long) i, l.get(i));
          }
        } else if (src instanceof List<?> l) {
          for (int i = 0; i < l.size(); i++) {
            acc = fn.applyAll(ctx, acc, (long) i, l.get(i));
          }
        } else if (src instanceof AttributeMap m) {
          for (KeyValue kv : m.entries()) {
            acc = fn.applyAll(ctx, acc, kv.getKey(), Values.fromAny(kv.getValue()));
          }
        } else {
          throw new OttlRuntimeException("Reduce expects a list or a map, got " + Converters.describe(src));
        }
        return acc;
      };
    }
  }

  static final class When implements Converter {
    @Override
    public String name() {
      return "When";
    }

    @Override
    public List<String> params() {
      return List.of("condition", "trueValue", "falseValue");
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 3, 3);
      LambdaFn<T> condition = lambda(name(), args.get(0), 0, "() => ...");
      Getter<T> whenTrue = args.get(1).getter();
      Getter<T> whenFalse = args.get(2).getter();
      return ctx -> {
        Object c = condition.applyAll(ctx);
        if (!(c instanceof Boolean b)) {
          throw new OttlRuntimeException("When: the condition must give a bool, got " + Converters.describe(c));
        }
        return b ? whenTrue.get(ctx) : whenFalse.get(ctx);
      };
    }
  }
}
