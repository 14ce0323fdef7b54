package dev.relay.ottl;

import io.opentelemetry.proto.common.v1.KeyValue;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Converters that read a record out of a string, with contrib's semantics: {@code ParseCSV}, {@code URL},
 * {@code ParseSeverity}; and {@code UUIDv7}.
 */
final class RecordConverters {
  private static final SecureRandom RANDOM = new SecureRandom();

  private RecordConverters() {}

  static List<Converter> all() {
    return List.of(
        new ParseCsv(),
        new TextConverters.Fn("URL", 1, 1, (ctx, a) -> UrlParts.parse(Converters.requireString("URL", a[0])))
            .named(List.of("url_string")),
        new TextConverters.Fn("ParseSeverity", 2, 2, (ctx, a) -> parseSeverity(a[0], a[1]))
            .named(List.of("target", "severityMapping")),
        new TextConverters.Fn("UUIDv7", 0, 0, (ctx, a) -> uuidV7(System.currentTimeMillis())));
  }

  /** RFC 9562 version 7: 48 bits of Unix milliseconds, then random bits around the version and variant. */
  static String uuidV7(long millis) {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    for (int i = 0; i < 6; i++) {
      b[i] = (byte) (millis >>> (40 - 8 * i));
    }
    b[6] = (byte) ((b[6] & 0x0f) | 0x70);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new UUID(buf.getLong(), buf.getLong()).toString();
  }

  /**
   * {@code ParseSeverity(target, severityMapping)} (func_parse_severity.go): the mapping is level → list of
   * criteria, each {@code {"equals": [strings]}} or {@code {"range": {"min": i, "max": j}}} (inclusive) or
   * {@code {"range": "2xx"}} (to {@code "5xx"}); a string target matches {@code equals}, an int target a range.
   * The first level (in the mapping's order) with a matching criterion is returned; none fails.
   */
  static Object parseSeverity(Object target, Object mapping) {
    if (!(mapping instanceof AttributeMap levels)) {
      throw new OttlRuntimeException("ParseSeverity: cannot get severity mapping: expected a map, got "
          + Converters.describe(mapping));
    }
    if (!(target instanceof String) && !(target instanceof Long)) {
      throw new OttlRuntimeException("ParseSeverity: could not map log level: could not evaluate log level of value '"
          + Converters.toText(target) + "': log level must be either string or int");
    }
    for (KeyValue level : levels.entries()) {
      Object criteria = Values.fromAny(level.getValue());
      List<?> items = criteria instanceof List<?> l ? l
          : criteria instanceof AttributeList al ? al.items().stream().map(Values::fromAny).toList() : null;
      if (items == null) {
        throw new OttlRuntimeException("ParseSeverity: invalid severity mapping: severity mapping criteria must be []any");
      }
      for (Object item : items) {
        if (!(item instanceof AttributeMap criterion)) {
          throw new OttlRuntimeException("ParseSeverity: invalid severity mapping: severity mapping criteria items"
              + " must be map[string]any");
        }
        if (matches(criterion, target)) {
          return level.getKey();
        }
      }
    }
    throw new OttlRuntimeException("ParseSeverity: could not map log level: no matching log level found for value '"
        + Converters.toText(target) + "'");
  }

  private static boolean matches(AttributeMap criterion, Object target) {
    if (target instanceof String s && criterion.get("equals") != null) {
      for (Object v : list(criterion.get("equals"))) {
        if (s.equals(v)) {
          return true;
        }
      }
    }
    Object range = criterion.get("range");
    if (target instanceof Long value && range != null) {
      long min;
      long max;
      if (range instanceof String placeholder) {
        switch (placeholder) {
          case "2xx", "3xx", "4xx", "5xx" -> {
            min = (placeholder.charAt(0) - '0') * 100L;
            max = min + 99;
          }
          default -> throw new OttlRuntimeException("ParseSeverity: invalid severity mapping criteria: unknown range"
              + " placeholder " + placeholder);
        }
      } else if (range instanceof AttributeMap bounds) {
        min = bound(bounds, "min");
        max = bound(bounds, "max");
      } else {
        throw new OttlRuntimeException("ParseSeverity: invalid severity mapping criteria: range must be a map");
      }
      return min <= value && value <= max;
    }
    return false;
  }

  private static long bound(AttributeMap bounds, String which) {
    Object v = bounds.get(which);
    if (v == null) {
      throw new OttlRuntimeException("ParseSeverity: invalid severity mapping criteria: range must have a " + which
          + " value");
    }
    if (!(v instanceof Long l)) {
      throw new OttlRuntimeException("ParseSeverity: invalid severity mapping criteria: " + which
          + " must be an int64");
    }
    return l;
  }

  private static List<?> list(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof AttributeList l) {
      List<Object> out = new ArrayList<>();
      l.items().forEach(x -> out.add(Values.fromAny(x)));
      return out;
    }
    return List.of();
  }

  /**
   * {@code ParseCSV(target, headers[, delimiter[, headerDelimiter[, mode]]])} (func_parse_csv.go): a map of
   * header → field. Delimiters are one character (checked when compiled if literal); mode {@code strict}
   * (default), {@code lazyQuotes} or {@code ignoreQuotes} (a plain split). Empty headers, a malformed row and a
   * field count unlike the headers' fail.
   */
  static final class ParseCsv implements Converter {
    @Override
    public String name() {
      return "ParseCSV";
    }

    @Override
    public List<String> params() {
      return List.of("target", "headers", "delimiter", "headerDelimiter", "mode");
    }

    @Override
    public Object defaultFor(int index, Ast.Expr[] given) {
      return switch (index) {
        case 2 -> ",";
        case 3 -> given[2] instanceof Ast.Literal l && l.value() instanceof String d ? d : ",";
        default -> null;
      };
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 2, 5);
      Getter<T> target = args.get(0).getter();
      Getter<T> headers = args.get(1).getter();
      String delimiter = args.size() > 2 ? args.get(2).literalString(name(), "the delimiter") : ",";
      String headerDelimiter = args.size() > 3 ? args.get(3).literalString(name(), "the header delimiter")
          : delimiter;
      String mode = args.size() > 4 ? args.get(4).literalString(name(), "the mode") : "strict";
      if (delimiter.codePointCount(0, delimiter.length()) != 1 || delimiter.length() != 1) {
        throw new OttlException("ParseCSV: invalid arguments: delimiter must be a single character");
      }
      if (headerDelimiter.codePointCount(0, headerDelimiter.length()) != 1) {
        throw new OttlException("ParseCSV: invalid arguments: header_delimiter must be a single character");
      }
      if (!List.of("strict", "lazyQuotes", "ignoreQuotes").contains(mode)) {
        throw new OttlException("ParseCSV: unknown mode: " + mode);
      }
      char delim = delimiter.charAt(0);
      return ctx -> {
        String row = Converters.requireString(name(), target.get(ctx));
        String header = Converters.requireString(name(), headers.get(ctx));
        if (header.isEmpty()) {
          throw new OttlRuntimeException("ParseCSV: headers must not be an empty string");
        }
        List<String> names = split(header, headerDelimiter);
        List<String> fields = mode.equals("ignoreQuotes") ? split(row, delimiter)
            : CsvRow.read(row, delim, mode.equals("lazyQuotes"));
        if (fields.size() != names.size()) {
          throw new OttlRuntimeException("ParseCSV: map csv headers: wrong number of fields: expected "
              + names.size() + ", found " + fields.size());
        }
        MapBuilder out = new MapBuilder();
        for (int i = 0; i < names.size(); i++) {
          out.put(names.get(i), fields.get(i));
        }
        return out.build();
      };
    }

    /** Go's strings.Split with a non-empty separator. */
    private static List<String> split(String s, String sep) {
      List<String> out = new ArrayList<>();
      int from = 0;
      for (int at = s.indexOf(sep); at >= 0; at = s.indexOf(sep, from)) {
        out.add(s.substring(from, at));
        from = at + sep.length();
      }
      out.add(s.substring(from));
      return out;
    }
  }
}
