package dev.relay.ottl;

import com.google.protobuf.ByteString;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converters that read structure or time out of text, with contrib's semantics: {@code ParseJSON},
 * {@code ExtractPatterns}, {@code ExtractGrokPatterns} ({@link GrokConverter}), {@code UserAgent} ({@link UserAgents}),
 * {@code Duration} and its unit converters ({@code Nanoseconds} ... {@code Hours}), and
 * {@code Now}. Relay carries a duration as an int of nanoseconds (the Collector has a duration type).
 */
final class ParsingConverters {
  private ParsingConverters() {}

  static List<Converter> all() {
    return List.of(
        Converters.unary("ParseJSON", false, ParsingConverters::parseJson),
        new ExtractPatterns(),
        new GrokConverter(),
        UserAgents.converter(),
        Converters.unary("Duration", false, v -> duration(Converters.requireString("Duration", v))),
        Converters.unary("Nanoseconds", false, v -> nanos("Nanoseconds", v)),
        Converters.unary("Microseconds", false, v -> nanos("Microseconds", v) / 1_000L),
        Converters.unary("Milliseconds", false, v -> nanos("Milliseconds", v) / 1_000_000L),
        Converters.unary("Seconds", false, v -> nanos("Seconds", v) / 1e9),
        Converters.unary("Minutes", false, v -> nanos("Minutes", v) / 6e10),
        Converters.unary("Hours", false, v -> nanos("Hours", v) / 3.6e12),
        new Now());
  }

  /** func_parse_json.go: a JSON object gives a map, an array a list; anything else, nil included, fails. */
  static Object parseJson(Object v) {
    String text = v instanceof ByteString b ? b.toString(StandardCharsets.UTF_8)
        : Converters.requireString("ParseJSON", v);
    AnyValue parsed = JsonValues.parse(text);
    if (!parsed.hasKvlistValue() && !parsed.hasArrayValue()) {
      throw new OttlRuntimeException("ParseJSON: the JSON is not an object or an array");
    }
    return Values.fromAny(parsed);
  }

  private static long nanos(String function, Object v) {
    if (v instanceof Long l) {
      return l;
    }
    throw new OttlRuntimeException(function + " expects a duration, got " + Converters.describe(v));
  }

  private static final Map<String, Long> UNITS = Map.of("ns", 1L, "us", 1_000L, "\u00b5s", 1_000L,
      "\u03bcs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  /** Go's {@code time.ParseDuration}: e.g. "300ms", "-1.5h", "2h45m"; nanoseconds. */
  static long duration(String s) {
    int i = 0;
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    if (s.substring(i).equals("0")) {
      return 0;
    }
    if (i == s.length()) {
      throw invalidDuration(s);
    }
    double total = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      Long unit = UNITS.get(s.substring(unitStart, i));
      if (number.isEmpty() || number.equals(".") || unit == null || number.indexOf('.') != number.lastIndexOf('.')) {
        throw invalidDuration(s);
      }
      total += Double.parseDouble(number) * unit;
    }
    if (total > Long.MAX_VALUE) {
      throw invalidDuration(s);
    }
    long n = Math.round(total);
    return negative ? -n : n;
  }

  private static OttlRuntimeException invalidDuration(String s) {
    return new OttlRuntimeException("Duration: invalid duration \"" + s + "\"");
  }

  /**
   * {@code ExtractPatterns(target, pattern)} (func_extract_patterns.go): a map of each named group to what it
   * matched ("" for a group that took no part); an empty map when nothing matches. A pattern without a named
   * group is a compile error; a target that is not a string fails.
   */
  static final class ExtractPatterns implements Converter {
    @Override
    public String name() {
      return "ExtractPatterns";
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 2, 2);
      Pattern pattern = Regexes.compile(args.get(1).literalString(name(), "the pattern"), name());
      String[] names = new String[pattern.groupCount() + 1];
      pattern.namedGroups().forEach((n, g) -> names[g] = n);
      if (pattern.namedGroups().isEmpty()) {
        throw new OttlException("ExtractPatterns: at least 1 named capture group must be supplied in the given"
            + " regex");
      }
      Getter<T> target = args.get(0).getter();
      return ctx -> {
        String s = Converters.requireString(name(), target.get(ctx));
        List<KeyValue> out = new ArrayList<>();
        Matcher m = pattern.matcher(s);
        if (m.find()) {
          for (int g = 1; g < names.length; g++) {
            if (names[g] != null) {
              String v = m.group(g);
              out.add(KeyValue.newBuilder().setKey(names[g])
                  .setValue(AnyValue.newBuilder().setStringValue(v == null ? "" : v)).build());
            }
          }
        }
        return new AttributeMap(out);
      };
    }
  }

  /** {@code Now()}: the current time. */
  static final class Now implements Converter {
    @Override
    public String name() {
      return "Now";
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 0, 0);
      return ctx -> {
        java.time.Instant now = java.time.Instant.now();
        return new Timestamp(now.getEpochSecond() * 1_000_000_000L + now.getNano());
      };
    }
  }
}
