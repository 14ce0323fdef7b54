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
 * {@code Keys}, {@code Values}, {@code UUID}, {@code ParseKeyValue},
 * {@code ToKeyValueString}. A function that needs a string or a map fails
 * on anything else.
 */
final class TextConverters {
  private TextConverters() {}

  static List<Converter> all() {
    return List.of(
        new Fn("ConvertCase", 2, 2, (ctx, a) -> convertCase(str("ConvertCase", a[0]), a[1]))
            .named(List.of("target", "toCase")),
        new Fn("ToSnakeCase", 1, 1, (ctx, a) -> snake(str("ToSnakeCase", a[0]))),
        new Fn("ToCamelCase", 1, 1, (ctx, a) -> camel(str("ToCamelCase", a[0]))),
        new Fn("Trim", 1, 2, (ctx, a) -> trim(str("Trim", a[0]), a.length > 1 ? str("Trim", a[1]) : " "))
            .named(List.of("target", "replacement"), " "),
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
        new Fn("ParseInt", 2, 2, (ctx, a) -> parseInt(str("ParseInt", a[0]), a[1]))
            .named(List.of("target", "base")),
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
        new Fn("UUID", 0, 0, (ctx, a) -> UUID.randomUUID().toString()),
        new ParseKeyValue(),
        new ToKeyValueString());
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
    private final List<String> params;
    private final Object[] defaults;

    Fn(String name, int min, int max, Body body) {
      this(name, min, max, body, List.of(), new Object[0]);
    }

    private Fn(String name, int min, int max, Body body, List<String> params, Object[] defaults) {
      this.name = name;
      this.min = min;
      this.max = max;
      this.body = body;
      this.params = params;
      this.defaults = defaults;
    }

    /** This function with the Collector's parameter names, and the defaults of its optional ones (in order). */
    Fn named(List<String> names, Object... optionalDefaults) {
      Object[] all = new Object[names.size()];
      System.arraycopy(optionalDefaults, 0, all, names.size() - optionalDefaults.length, optionalDefaults.length);
      return new Fn(name, min, max, body, List.copyOf(names), all);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<String> params() {
      return params;
    }

    @Override
    public Object defaultFor(int index, Ast.Expr[] given) {
      return index < defaults.length ? defaults[index] : null;
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

  /**
   * {@code ParseKeyValue(target[, delimiter[, pair_delimiter]])} (func_parse_key_value.go): pairs split at
   * {@code pair_delimiter} (default " ") outside quotes, quotes removed, each split once at {@code delimiter}
   * (default "="), keys and values trimmed; a pair without the delimiter, an unclosed quote or an empty target fail.
   */
  static final class ParseKeyValue implements Converter {
    @Override
    public String name() {
      return "ParseKeyValue";
    }

    @Override
    public List<String> params() {
      return List.of("target", "delimiter", "pair_delimiter");
    }

    @Override
    public Object defaultFor(int index, Ast.Expr[] given) {
      return index == 1 ? "=" : index == 2 ? " " : null;
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 1, 3);
      String d = args.size() > 1 ? args.get(1).literalString(name(), "the delimiter") : "";
      String p = args.size() > 2 ? args.get(2).literalString(name(), "the pair delimiter") : "";
      String delimiter = d.isEmpty() ? "=" : d;
      String pairDelimiter = p.isEmpty() ? " " : p;
      if (delimiter.equals(pairDelimiter)) {
        throw new OttlException("ParseKeyValue: pair delimiter \"" + pairDelimiter + "\" cannot be equal to"
            + " delimiter \"" + delimiter + "\"");
      }
      Getter<T> target = args.get(0).getter();
      return ctx -> {
        String source = str(name(), target.get(ctx));
        if (source.isEmpty()) {
          throw new OttlRuntimeException("ParseKeyValue: cannot parse from empty target");
        }
        java.util.LinkedHashMap<String, Object> parsed = new java.util.LinkedHashMap<>();
        for (String pair : split(source, pairDelimiter)) {
          int at = pair.indexOf(delimiter);
          if (at < 0) {
            throw new OttlRuntimeException("ParseKeyValue: cannot split \"" + pair + "\" into 2 items, got 1 item(s)");
          }
          parsed.put(pair.substring(0, at).strip(), pair.substring(at + delimiter.length()).strip());
        }
        return Values.fromAny(Values.toAny(parsed));
      };
    }

    /** Splits at {@code delimiter} outside single or double quotes, dropping the quotes and empty parts. */
    static List<String> split(String input, String delimiter) {
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      char quote = 0;
      for (int i = 0; i < input.length(); i++) {
        char c = input.charAt(i);
        if (quote == 0 && input.startsWith(delimiter, i)) {
          if (current.length() > 0) {
            out.add(current.toString());
            current.setLength(0);
          }
          i += delimiter.length() - 1;
        } else if (quote == 0 && (c == '"' || c == '\'')) {
          quote = c;
        } else if (c == quote) {
          quote = 0;
        } else {
          current.append(c);
        }
      }
      if (quote != 0) {
        throw new OttlRuntimeException("ParseKeyValue: never reached the end of a quoted value");
      }
      if (current.length() > 0) {
        out.add(current.toString());
      }
      return out;
    }
  }

  /**
   * {@code ToKeyValueString(map[, delimiter[, pair_delimiter[, sort_output]]])} (func_to_key_value_string.go):
   * {@code k=v} pairs joined by {@code pair_delimiter}; {@code "} is escaped, and a key or value holding a delimiter
   * is quoted. The map's order, or the keys' order with {@code sort_output}.
   */
  static final class ToKeyValueString implements Converter {
    @Override
    public String name() {
      return "ToKeyValueString";
    }

    @Override
    public List<String> params() {
      return List.of("target", "delimiter", "pair_delimiter", "sort_output");
    }

    @Override
    public Object defaultFor(int index, Ast.Expr[] given) {
      return index == 1 ? "=" : index == 2 ? " " : index == 3 ? Boolean.FALSE : null;
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 1, 4);
      String delimiter = args.size() > 1 ? args.get(1).literalString(name(), "the delimiter") : "=";
      String pairDelimiter = args.size() > 2 ? args.get(2).literalString(name(), "the pair delimiter") : " ";
      boolean sort = args.size() > 3 && Boolean.TRUE.equals(literalBool(args.get(3)));
      if (delimiter.isEmpty() || pairDelimiter.isEmpty()) {
        throw new OttlException("ToKeyValueString: a delimiter cannot be set to an empty string");
      }
      if (delimiter.equals(pairDelimiter)) {
        throw new OttlException("ToKeyValueString: pair delimiter \"" + pairDelimiter + "\" cannot be equal to"
            + " delimiter \"" + delimiter + "\"");
      }
      Getter<T> target = args.get(0).getter();
      return ctx -> {
        List<io.opentelemetry.proto.common.v1.KeyValue> entries =
            new ArrayList<>(map(name(), target.get(ctx)).entries());
        if (sort) {
          entries.sort(java.util.Comparator.comparing(io.opentelemetry.proto.common.v1.KeyValue::getKey));
        }
        StringBuilder out = new StringBuilder();
        for (var kv : entries) {
          if (out.length() > 0) {
            out.append(pairDelimiter);
          }
          out.append(quote(kv.getKey(), delimiter, pairDelimiter)).append(delimiter)
              .append(quote(asString(kv.getValue()), delimiter, pairDelimiter));
        }
        return out.toString();
      };
    }

    private static Object literalBool(Arg<?> arg) throws OttlException {
      if (arg.expr() instanceof Ast.Literal l && l.value() instanceof Boolean b) {
        return b;
      }
      throw new OttlException("ToKeyValueString: sort_output must be true or false");
    }

    private static String asString(io.opentelemetry.proto.common.v1.AnyValue v) {
      Object value = Values.fromAny(v);
      if (value == null) {
        return "";
      }
      String s = Values.stringLike(value);
      return s != null ? s : (String) Converters.toText(value);
    }

    private static String quote(String s, String delimiter, String pairDelimiter) {
      String escaped = s.replace("\"", "\\\"");
      return escaped.contains(pairDelimiter) || escaped.contains(delimiter) ? "\"" + escaped + "\"" : escaped;
    }
  }
}
