package dev.relay.ottl;

import com.google.protobuf.ByteString;
import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The built-in converters, with the Collector's semantics: functions that need a string fail on anything else
 * (the processor's {@code error_mode} decides what that means), while {@code Int}, {@code Double} and
 * {@code String} turn what they cannot convert into nil. {@link #standard()} is the set every context gets.
 */
public final class Converters {
  private final Map<String, Converter> byName;

  private Converters(Map<String, Converter> byName) {
    this.byName = Map.copyOf(byName);
  }

  public static Converters standard() {
    Map<String, Converter> m = new TreeMap<>();
    for (Converter c : List.of(
        new IsMatch(),
        new Concat(),
        new Substring(),
        new Split(),
        new GoFormat(),
        unary("SHA256", false, Converters::sha256),
        unary("Len", false, Converters::len),
        unary("Int", false, Converters::toInt),
        unary("Double", false, Converters::toDouble),
        unary("String", false, Converters::toText),
        unary("ToLowerCase", false, v -> requireString("ToLowerCase", v).toLowerCase(Locale.ROOT)),
        unary("ToUpperCase", false, v -> requireString("ToUpperCase", v).toUpperCase(Locale.ROOT)),
        unary("IsString", true, v -> v instanceof String),
        unary("IsInt", true, v -> v instanceof Long),
        unary("IsDouble", true, v -> v instanceof Double),
        unary("IsBool", true, v -> v instanceof Boolean),
        unary("IsMap", true, v -> v instanceof AttributeMap),
        unary("IsList", true, v -> v instanceof AttributeList || v instanceof List<?>),
        unary("TraceID", false, v -> id("TraceID", v, 16)),
        unary("SpanID", false, v -> id("SpanID", v, 8)))) {
      m.put(c.name(), c);
    }
    for (List<Converter> more : List.of(ValueConverters.all(), EncodingConverters.all(), ParsingConverters.all(),
        LambdaConverters.all(), TextConverters.all(), TimeConverters.all(), CheckConverters.all(),
        HashConverters.all(), RecordConverters.all(), TimeTextConverters.all(), FoldConverters.all(),
        XmlConverters.all())) {
      for (Converter c : more) {
        m.put(c.name(), c);
      }
    }
    return new Converters(m);
  }

  /** The transform processor's log-format parsers ({@code ParseCEF}, {@code ParseCLF}, ...), for the log context. */
  public static Converter[] logParsers() {
    return LogParsers.all().toArray(new Converter[0]);
  }

  /** These converters and {@code extra}, e.g. a context's own such as {@code IsRootSpan}. */
  public Converters with(Converter... extra) {
    Map<String, Converter> m = new TreeMap<>(byName);
    for (Converter c : extra) {
      m.put(c.name(), c);
    }
    return new Converters(m);
  }

  public Converter get(String name) {
    return byName.get(name);
  }

  public String names() {
    return String.join(", ", new TreeMap<>(byName).keySet());
  }

  /** Every converter's name. */
  public java.util.Set<String> nameSet() {
    return byName.keySet();
  }

  static void arity(String name, List<?> args, int min, int max) throws OttlException {
    if (args.size() < min || args.size() > max) {
      String n = min == max ? Integer.toString(min) : min + " to " + max;
      throw new OttlException(name + " takes " + n + " argument" + (max == 1 ? "" : "s") + ", found " + args.size());
    }
  }

  /** A one-argument converter from a plain function of the argument's value. */
  static Converter unary(String name, boolean returnsBoolean, Function<Object, Object> f) {
    return new Converter() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean returnsBoolean() {
        return returnsBoolean;
      }

      @Override
      public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
        arity(name, args, 1, 1);
        Getter<T> target = args.get(0).getter();
        return ctx -> f.apply(target.get(ctx));
      }

      @Override
      public Object apply(Object value) {
        return f.apply(value);
      }
    };
  }

  static String requireString(String function, Object v) {
    if (v instanceof String s) {
      return s;
    }
    throw new OttlRuntimeException(function + " expects a string, got " + describe(v));
  }

  static String describe(Object v) {
    return v == null ? "nil" : v.getClass().getSimpleName();
  }

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  static Object sha256(Object v) {
    byte[] digest = SHA256.get().digest(requireString("SHA256", v).getBytes(StandardCharsets.UTF_8));
    return Id.hex(ByteString.copyFrom(digest));
  }

  /** Strings count UTF-8 bytes, as Go's len does. */
  static Object len(Object v) {
    if (v instanceof String s) {
      return (long) utf8Length(s);
    }
    if (v instanceof AttributeMap m) {
      return (long) m.entries().size();
    }
    if (v instanceof AttributeList l) {
      return (long) l.items().size();
    }
    if (v instanceof List<?> l) {
      return (long) l.size();
    }
    throw new OttlRuntimeException("Len expects a string, list or map, got " + describe(v));
  }

  /** How many bytes {@code s} takes in UTF-8, without encoding it (Len, and truncate_all's limit). */
  public static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  static Object toInt(Object v) {
    if (v instanceof Long) {
      return v;
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? (long) d.doubleValue() : null;
    }
    if (v instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static Object toDouble(Object v) {
    if (v instanceof Double) {
      return v;
    }
    if (v instanceof Long l) {
      return l.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static Object toText(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof AttributeMap || v instanceof AttributeList || v instanceof List<?>) {
      dev.relay.json.JsonWriter w = new dev.relay.json.JsonWriter(64);
      dev.relay.ottl.ValueJson.write(w, v);
      return w.toString();
    }
    String s = Values.stringLike(v);
    return s == null ? v.toString() : s;
  }

  /** Whether every char is a hex digit; a loop, as this runs per item (String.matches compiles a regex per call). */
  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
        return false;
      }
    }
    return true;
  }

  static Object id(String function, Object v, int size) {
    ByteString b;
    if (v instanceof ByteString bs) {
      b = bs;
    } else if (v instanceof String s && s.length() == size * 2 && isHex(s)) {
      b = ByteString.copyFrom(java.util.HexFormat.of().parseHex(s));
    } else {
      throw new OttlRuntimeException(function + " expects " + size + " bytes or " + (size * 2) + " hex digits");
    }
    if (b.size() != size) {
      throw new OttlRuntimeException(function + " expects exactly " + size + " bytes, got " + b.size());
    }
    return new Id(b);
  }

  /** {@code IsMatch(target, "regex")}: true when the string form of target contains a match; nil is false. */
  static final class IsMatch implements Converter {
    @Override
    public String name() {
      return "IsMatch";
    }

    @Override
    public boolean returnsBoolean() {
      return true;
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      arity(name(), args, 2, 2);
      String text = args.get(1).literalString(name(), "the pattern");
      Pattern pattern = Regexes.compile(text, name());
      Getter<T> target = args.get(0).getter();
      String[] prefixes = Regexes.literalPrefixes(text);
      if (prefixes != null) {
        // "^gateway\\." and the like, the common route match: a prefix test, with no matcher per event, and on a
        // name still in the request's bytes, without building the string.
        // The prefixes are ASCII (literalPrefixes takes no other letters), so their UTF-8 bytes are their chars.
        if (target instanceof Utf8PrefixGetter<T> names) {
          byte[][] utf8 = new byte[prefixes.length][];
          for (int i = 0; i < prefixes.length; i++) {
            utf8[i] = prefixes[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
          }
          return ctx -> names.startsWithAny(ctx, prefixes, utf8);
        }
        return ctx -> {
          String s = Values.stringLike(target.get(ctx));
          return s != null && Utf8PrefixGetter.startsWithAny(s, prefixes);
        };
      }
      return ctx -> {
        String s = Values.stringLike(target.get(ctx));
        return s != null && Regexes.find(pattern, s);
      };
    }
  }

  /** {@code Concat([values], "delimiter")}: joins the string forms; nil prints as {@code <nil>}, maps and lists are left out. */
  static final class Concat implements Converter {
    @Override
    public String name() {
      return "Concat";
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      arity(name(), args, 2, 2);
      String delimiter = args.get(1).literalString(name(), "the delimiter");
      Getter<T> list = args.get(0).getter();
      return ctx -> {
        Object v = list.get(ctx);
        List<?> items = v instanceof AttributeList l ? l.items().stream().map(Values::fromAny).toList()
            : v instanceof List<?> l ? l : null;
        if (items == null) {
          throw new OttlRuntimeException("Concat expects a list of values, got " + describe(v));
        }
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (Object item : items) {
          String s = item == null ? "<nil>" : Values.stringLike(item);
          if (s == null) {
            continue;
          }
          if (!first) {
            sb.append(delimiter);
          }
          sb.append(s);
          first = false;
        }
        return sb.toString();
      };
    }
  }

  /** {@code Substring(target, start, length)}: by UTF-8 byte offsets, as in Go; out of range fails. */
  static final class Substring implements Converter {
    @Override
    public String name() {
      return "Substring";
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      arity(name(), args, 3, 3);
      Getter<T> target = args.get(0).getter();
      Getter<T> start = args.get(1).getter();
      Getter<T> length = args.get(2).getter();
      return ctx -> {
        String s = requireString(name(), target.get(ctx));
        if (!(start.get(ctx) instanceof Long from) || !(length.get(ctx) instanceof Long n)) {
          throw new OttlRuntimeException("Substring expects int start and length");
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (from < 0 || n < 0 || from > b.length || n > b.length - from) {
          throw new OttlRuntimeException("Substring: start " + from + " and length " + n + " are out of range for "
              + b.length + " bytes");
        }
        return new String(b, (int) (long) from, (int) (long) n, StandardCharsets.UTF_8);
      };
    }
  }

  /** {@code Split(target, "delimiter")}: a list of strings. */
  static final class Split implements Converter {
    @Override
    public String name() {
      return "Split";
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      arity(name(), args, 2, 2);
      Getter<T> target = args.get(0).getter();
      String delimiter = args.get(1).literalString(name(), "the delimiter");
      return ctx -> {
        String s = requireString(name(), target.get(ctx));
        if (delimiter.isEmpty()) {
          List<Object> out = new ArrayList<>();
          s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
          return Collections.unmodifiableList(out);
        }
        List<Object> out = new ArrayList<>();
        int from = 0;
        while (true) {
          int at = s.indexOf(delimiter, from);
          if (at < 0) {
            out.add(s.substring(from));
            break;
          }
          out.add(s.substring(from, at));
          from = at + delimiter.length();
        }
        return Collections.unmodifiableList(out);
      };
    }
  }
}
