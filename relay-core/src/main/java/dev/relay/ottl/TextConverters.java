package dev.relay.ottl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * String and collection converters with contrib's semantics: {@code ConvertCase}, {@code ToSnakeCase},
 * {@code ToCamelCase}, {@code Trim}, {@code TrimPrefix}, {@code TrimSuffix}, {@code Index}, {@code ParseInt},
 * {@code Keys}, {@code Values}, {@code UUID}. A function that needs a string or a map fails on anything else.
 */
final class TextConverters {
  private TextConverters() {}

  static List<Converter> all() {
    return List.of(
        new Fn("ConvertCase", 2, 2, (ctx, a) -> convertCase(str("ConvertCase", a[0]), a[1])),
        new Fn("ToSnakeCase", 1, 1, (ctx, a) -> snake(str("ToSnakeCase", a[0]))),
        new Fn("ToCamelCase", 1, 1, (ctx, a) -> camel(str("ToCamelCase", a[0]))),
        new Fn("Trim", 1, 2, (ctx, a) -> trim(str("Trim", a[0]), a.length > 1 ? str("Trim", a[1]) : " ")),
        new Fn("TrimPrefix", 2, 2, (ctx, a) -> {
          String s = str("TrimPrefix", a[0]);
          String p = str("TrimPrefix", a[1]);
          return s.startsWith(p) ? s.substring(p.length()) : s;
        }),
        new Fn("TrimSuffix", 2, 2, (ctx, a) -> {
          String s = str("TrimSuffix", a[0]);
          String p = str("TrimSuffix", a[1]);
          return s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
        }),
        new Fn("Index", 2, 2, (ctx, a) -> index(a[0], a[1])),
        new Fn("ParseInt", 2, 2, (ctx, a) -> parseInt(str("ParseInt", a[0]), a[1])),
        new Fn("Keys", 1, 1, (ctx, a) -> {
          List<Object> out = new ArrayList<>();
          map("Keys", a[0]).entries().forEach(kv -> out.add(kv.getKey()));
          return Collections.unmodifiableList(out);
        }),
        new Fn("Values", 1, 1, (ctx, a) -> {
          List<Object> out = new ArrayList<>();
          map("Values", a[0]).entries().forEach(kv -> out.add(Values.fromAny(kv.getValue())));
          return Collections.unmodifiableList(out);
        }),
        new Fn("UUID", 0, 0, (ctx, a) -> UUID.randomUUID().toString()));
  }

  private static String str(String function, Object v) {
    return Converters.requireString(function, v);
  }

  private static AttributeMap map(String function, Object v) {
    if (v instanceof AttributeMap m) {
      return m;
    }
    throw new OttlRuntimeException(function + " expects a map, got " + Converters.describe(v));
  }

  /** ConvertCase(target, "lower"|"upper"|"snake"|"camel"). */
  static Object convertCase(String s, Object toCase) {
    return switch (toCase instanceof String c ? c : "") {
      case "lower" -> s.toLowerCase(Locale.ROOT);
      case "upper" -> s.toUpperCase(Locale.ROOT);
      case "snake" -> snake(s);
      case "camel" -> camel(s);
      default -> throw new OttlRuntimeException("ConvertCase: invalid case: " + toCase);
    };
  }

  /** The words of an identifier: split at separators, at lower-to-upper, and before the last capital of a run. */
  static List<String> words(String s) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '_' || c == '-' || c == ' ' || c == '.') {
        if (w.length() > 0) {
          words.add(w.toString());
          w.setLength(0);
        }
        continue;
      }
      if (Character.isUpperCase(c) && w.length() > 0) {
        char prev = s.charAt(i - 1);
        boolean nextLower = i + 1 < s.length() && Character.isLowerCase(s.charAt(i + 1));
        if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
          words.add(w.toString());
          w.setLength(0);
        }
      }
      w.append(c);
    }
    if (w.length() > 0) {
      words.add(w.toString());
    }
    return words;
  }

  /** strcase.ToSnake: {@code myMetric} and {@code MyMetric} to {@code my_metric}, {@code HTTPServer} to http_server. */
  static String snake(String s) {
    return String.join("_", words(s)).toLowerCase(Locale.ROOT);
  }

  /** strcase.ToCamel: {@code my_metric} to {@code MyMetric}. */
  static String camel(String s) {
    StringBuilder out = new StringBuilder();
    for (String w : words(s)) {
      out.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
    }
    return out.toString();
  }

  /** Go's strings.Trim: removes leading and trailing characters that are in {@code cutset}. */
  static String trim(String s, String cutset) {
    int from = 0;
    int to = s.length();
    while (from < to && cutset.indexOf(s.charAt(from)) >= 0) {
      from++;
    }
    while (to > from && cutset.indexOf(s.charAt(to - 1)) >= 0) {
      to--;
    }
    return s.substring(from, to);
  }

  /** Index(target, value): the UTF-8 byte offset of a substring, or the position of an item in a list; else -1. */
  static Object index(Object target, Object value) {
    if (target instanceof String s) {
      int at = s.indexOf(str("Index", value));
      return at < 0 ? -1L : (long) s.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
    }
    if (target instanceof AttributeList l) {
      for (int i = 0; i < l.items().size(); i++) {
        if (Values.compare(Ast.CompareOp.EQ, l.get(i), value)) {
          return (long) i;
        }
      }
      return -1L;
    }
    if (target instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        if (Values.compare(Ast.CompareOp.EQ, l.get(i), value)) {
          return (long) i;
        }
      }
      return -1L;
    }
    throw new OttlRuntimeException("Index expects a string or a list, got " + Converters.describe(target));
  }

  /** Go's strconv.ParseInt(s, base, 64): base 0 reads 0x, 0o, 0b prefixes; underscores only with base 0. */
  static Object parseInt(String s, Object base) {
    if (!(base instanceof Long b) || b < 0 || b == 1 || b > 36) {
      throw new OttlRuntimeException("ParseInt: invalid base " + base);
    }
    String digits = s;
    int radix = (int) (long) b;
    boolean negative = digits.startsWith("-");
    if (negative || digits.startsWith("+")) {
      digits = digits.substring(1);
    }
    if (radix == 0) {
      String lower = digits.toLowerCase(Locale.ROOT);
      radix = lower.startsWith("0x") ? 16 : lower.startsWith("0b") ? 2 : lower.startsWith("0o") ? 8
          : lower.startsWith("0") && lower.length() > 1 ? 8 : 10;
      if (lower.startsWith("0x") || lower.startsWith("0b") || lower.startsWith("0o")) {
        digits = digits.substring(2);
      } else if (radix == 8) {
        digits = digits.substring(1);
      }
      digits = digits.replace("_", "");
    }
    try {
      if (digits.isEmpty() || digits.startsWith("+") || digits.startsWith("-")) {
        throw new NumberFormatException();
      }
      return Long.parseLong((negative ? "-" : "") + digits, radix);
    } catch (NumberFormatException e) {
      throw new OttlRuntimeException("ParseInt: cannot parse \"" + s + "\" in base " + base);
    }
  }

  /** A converter of a fixed number of arguments, all evaluated, applied to their values. */
  static final class Fn implements Converter {
    interface Body {
      Object apply(Object ctx, Object[] args);
    }

    private final String name;
    private final int min;
    private final int max;
    private final Body body;

    Fn(String name, int min, int max, Body body) {
      this.name = name;
      this.min = min;
      this.max = max;
      this.body = body;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name, args, min, max);
      List<Getter<T>> getters = new ArrayList<>();
      for (Arg<T> a : args) {
        getters.add(a.getter());
      }
      return ctx -> {
        Object[] values = new Object[getters.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = getters.get(i).get(ctx);
        }
        return body.apply(ctx, values);
      };
    }
  }
}
