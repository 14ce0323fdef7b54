package dev.relay.ottl;

import java.util.List;

/**
 * Converters over values of any type, with contrib's semantics (pkg/ottl/ottlfuncs): {@code Bool},
 * {@code Coalesce}, {@code ContainsValue}, {@code HasPrefix}, {@code HasSuffix}, {@code Sort},
 * {@code SliceToMap}.
 */
final class ValueConverters {
  private ValueConverters() {}

  static List<Converter> all() {
    return List.of(
        Converters.unary("Bool", false, ValueConverters::toBool),
        new Coalesce(),
        new ContainsValue(),
        affix("HasPrefix", true),
        affix("HasSuffix", false),
        new Sort(),
        new SliceToMap());
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

  /**
   * {@code Sort(target[, "asc"|"desc"])} (func_sort.go): a list of ints sorts as ints; ints and floats as floats;
   * with any string, bool or empty item, all as their strings. A list holding maps, lists or bytes, and a target
   * that is not a list, come back as they are.
   */
  static final class Sort implements Converter {
    @Override
    public String name() {
      return "Sort";
    }

    @Override
    public List<String> params() {
      return List.of("target", "order");
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 1, 2);
      String order = args.size() > 1 ? args.get(1).literalString(name(), "the order") : "asc";
      if (!order.equals("asc") && !order.equals("desc")) {
        throw new OttlException("Sort: invalid arguments: " + order + ". Order should be either \"asc\" or"
            + " \"desc\"");
      }
      boolean desc = order.equals("desc");
      Getter<T> target = args.get(0).getter();
      return ctx -> sort(target.get(ctx), desc);
    }

    static Object sort(Object v, boolean desc) {
      List<Object> items = new java.util.ArrayList<>();
      if (v instanceof AttributeList l) {
        for (int i = 0; i < l.items().size(); i++) {
          items.add(l.get(i));
        }
      } else if (v instanceof List<?> l) {
        items.addAll(l);
      } else {
        return v;
      }
      if (items.isEmpty()) {
        return v;
      }
      boolean ints = true;
      boolean numbers = true;
      for (Object item : items) {
        if (item instanceof AttributeMap || item instanceof AttributeList || item instanceof List<?>
            || item instanceof com.google.protobuf.ByteString) {
          return v;
        }
        ints &= item instanceof Long;
        numbers &= item instanceof Long || item instanceof Double;
      }
      java.util.Comparator<Object> by;
      if (ints) {
        by = java.util.Comparator.comparingLong(o -> (Long) o);
      } else if (numbers) {
        items.replaceAll(o -> ((Number) o).doubleValue());
        by = java.util.Comparator.comparingDouble(o -> (Double) o);
      } else {
        items.replaceAll(o -> o == null ? "" : Values.stringLike(o));
        by = java.util.Comparator.comparing(o -> (String) o);
      }
      items.sort(desc ? by.reversed() : by);
      return java.util.Collections.unmodifiableList(items);
    }
  }

  /**
   * {@code SliceToMap(target[, keyPath[, valuePath]])} (func_slice_to_map.go): a map of the list's map items, keyed
   * by the string at {@code keyPath} in each (by index when no key path is given), holding the item or the value at
   * {@code valuePath}. Items that are not maps, or lack a path, are left out; a target that is not a list fails.
   */
  static final class SliceToMap implements Converter {
    @Override
    public String name() {
      return "SliceToMap";
    }

    @Override
    public List<String> params() {
      return List.of("target", "keyPath", "valuePath");
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 1, 3);
      List<String> keyPath = args.size() > 1 ? path(args.get(1), "keyPath") : null;
      List<String> valuePath = args.size() > 2 ? path(args.get(2), "valuePath") : null;
      Getter<T> target = args.get(0).getter();
      return ctx -> {
        Object v = target.get(ctx);
        List<Object> items = new java.util.ArrayList<>();
        if (v instanceof AttributeList l) {
          for (int i = 0; i < l.items().size(); i++) {
            items.add(l.get(i));
          }
        } else if (v instanceof List<?> l) {
          items.addAll(l);
        } else {
          throw new OttlRuntimeException("unsupported type provided to SliceToMap function: "
              + Converters.describe(v));
        }
        java.util.LinkedHashMap<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
          Object item = items.get(i);
          String key;
          if (keyPath == null) {
            key = Integer.toString(i);
          } else if (at(item, keyPath) instanceof String k) {
            key = k;
          } else {
            continue;
          }
          Object value = valuePath == null ? item : at(item, valuePath);
          if (value != null) {
            out.remove(key);
            out.put(key, value);
          }
        }
        return Values.fromAny(Values.toAny(out));
      };
    }

    private static <T> List<String> path(Arg<T> arg, String what) throws OttlException {
      if (!(arg.expr() instanceof Ast.ListExpr list) || list.items().isEmpty()) {
        throw new OttlException("SliceToMap: " + what + " must be a list of at least one string literal");
      }
      List<String> out = new java.util.ArrayList<>();
      for (Ast.Expr e : list.items()) {
        if (!(e instanceof Ast.Literal l) || !(l.value() instanceof String s)) {
          throw new OttlException("SliceToMap: " + what + " must be a list of string literals");
        }
        out.add(s);
      }
      return out;
    }

    /** The value at {@code path} in nested maps; null when an item on the way is not a map or lacks the key. */
    private static Object at(Object v, List<String> path) {
      Object cur = v;
      for (String k : path) {
        if (!(cur instanceof AttributeMap m)) {
          return null;
        }
        boolean found = false;
        for (var kv : m.entries()) {
          if (kv.getKey().equals(k)) {
            cur = Values.fromAny(kv.getValue());
            found = true;
          }
        }
        if (!found) {
          return null;
        }
      }
      return cur;
    }
  }
}
