package dev.relay.ottl;

import java.util.List;

/**
 * Converters over values of any type, with contrib's semantics (pkg/ottl/ottlfuncs): {@code Bool},
 * {@code Coalesce}, {@code ContainsValue}, {@code HasPrefix}, {@code HasSuffix}.
 */
final class ValueConverters {
  private ValueConverters() {}

  static List<Converter> all() {
    return List.of(
        Converters.unary("Bool", false, ValueConverters::toBool),
        new Coalesce(),
        new ContainsValue(),
        affix("HasPrefix", true),
        affix("HasSuffix", false));
  }

  /**
   * func_bool.go: bools as they are, numbers true when not zero, the strings Go's ParseBool reads; nil stays nil;
   * any other string or type fails.
   */
  static Object toBool(Object v) {
    if (v == null || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Long l) {
      return l != 0;
    }
    if (v instanceof Double d) {
      return d != 0;
    }
    if (v instanceof String s) {
      switch (s) {
        case "1", "t", "T", "true", "TRUE", "True":
          return true;
        case "0", "f", "F", "false", "FALSE", "False":
          return false;
        default:
          throw new OttlRuntimeException("Bool: cannot parse \"" + s + "\" as a bool");
      }
    }
    throw new OttlRuntimeException("Bool: unsupported type " + Converters.describe(v));
  }

  /** {@code Coalesce([values])}: the first value that is not nil; nil when all are. */
  static final class Coalesce implements Converter {
    @Override
    public String name() {
      return "Coalesce";
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 1, 1);
      if (!(args.get(0).expr() instanceof Ast.ListExpr list) || list.items().isEmpty()) {
        throw new OttlException("Coalesce takes a list of at least one value, e.g. Coalesce([attributes[\"a\"], "
            + "\"default\"])");
      }
      Getter<T> values = args.get(0).getter();
      return ctx -> {
        for (Object v : (List<?>) values.get(ctx)) {
          if (v != null) {
            return v;
          }
        }
        return null;
      };
    }
  }

  /**
   * {@code ContainsValue(target, item)} (func_contains_value.go): whether the list holds the item by OTTL's
   * equality (an int and a float of the same value are equal); a target that is not a list fails.
   */
  static final class ContainsValue implements Converter {
    @Override
    public String name() {
      return "ContainsValue";
    }

    @Override
    public boolean returnsBoolean() {
      return true;
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 2, 2);
      Getter<T> target = args.get(0).getter();
      Getter<T> item = args.get(1).getter();
      return ctx -> {
        Object list = target.get(ctx);
        Object wanted = item.get(ctx);
        if (list instanceof AttributeList l) {
          for (int i = 0; i < l.items().size(); i++) {
            if (Values.compare(Ast.CompareOp.EQ, l.get(i), wanted)) {
              return true;
            }
          }
          return false;
        }
        if (list instanceof List<?> l) {
          for (Object v : l) {
            if (Values.compare(Ast.CompareOp.EQ, v, wanted)) {
              return true;
            }
          }
          return false;
        }
        throw new OttlRuntimeException("ContainsValue expects a list, got " + Converters.describe(list));
      };
    }
  }

  /** {@code HasPrefix(value, prefix)} and {@code HasSuffix(value, suffix)}: strings only; nil fails. */
  private static Converter affix(String name, boolean prefix) {
    return new Converter() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean returnsBoolean() {
        return true;
      }

      @Override
      public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
        Converters.arity(name, args, 2, 2);
        Getter<T> value = args.get(0).getter();
        Getter<T> affix = args.get(1).getter();
        return ctx -> {
          String s = Converters.requireString(name, value.get(ctx));
          String a = Converters.requireString(name, affix.get(ctx));
          return prefix ? s.startsWith(a) : s.endsWith(a);
        };
      }
    };
  }
}
