package dev.relay.ottl;

import java.util.List;
import java.util.Locale;

/**
 * {@code Format(formatString, [values])} (func_format.go): Go's {@code fmt.Sprintf} for OTTL values. Verbs
 * {@code %v %s %d %f %F %e %E %g %x %X %o %b %t %q %%} with flags {@code -+ 0#}, width and precision; a value of the
 * wrong type, a missing one and an extra one print as Go prints them ({@code %!d(string=x)}, {@code %!d(MISSING)},
 * {@code %!(EXTRA string=x)}).
 */
final class GoFormat implements Converter {
  @Override
  public String name() {
    return "Format";
  }

  @Override
  public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
    Converters.arity(name(), args, 2, 2);
    String format = args.get(0).literalString(name(), "the format");
    if (!(args.get(1).expr() instanceof Ast.ListExpr)) {
      throw new OttlException("Format: the values must be a list, e.g. Format(\"%s-%d\", [name, 1])");
    }
    Getter<T> values = args.get(1).getter();
    return ctx -> sprintf(format, (List<?>) values.get(ctx));
  }

  static String sprintf(String format, List<?> args) {
    StringBuilder out = new StringBuilder();
    int next = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i++);
      if (c != '%') {
        out.append(c);
        continue;
      }
      int specStart = i;
      while (i < format.length() && "-+ 0#".indexOf(format.charAt(i)) >= 0) {
        i++;
      }
      String flagChars = format.substring(specStart, i);
      int sizeStart = i;
      while (i < format.length() && (Character.isDigit(format.charAt(i)) || format.charAt(i) == '.')) {
        i++;
      }
      if (i >= format.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      String size = format.substring(sizeStart, i);
      String flags = flagChars + size;
      char verb = format.charAt(i++);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (next >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      out.append(one(verb, flags, flagChars, size, args.get(next++)));
    }
    if (next < args.size()) {
      out.append("%!(EXTRA ");
      for (int k = next; k < args.size(); k++) {
        out.append(k > next ? ", " : "").append(goType(args.get(k))).append('=').append(plain(args.get(k)));
      }
      out.append(')');
    }
    return out.toString();
  }

  private static String one(char verb, String flags, String flagChars, String size, Object v) {
    Object value = v instanceof AttributeMap || v instanceof AttributeList ? Values.toRaw(v) : v;
    switch (verb) {
      case 'v':
        return pad(flagChars, size, plain(value));
      case 's':
        if (value == null) {
          return "%!s(<nil>)";
        }
        boolean scalar = value instanceof Long || value instanceof Double || value instanceof Boolean;
        return scalar ? bad(verb, value) : pad(flagChars, size, plain(value));
      case 'q':
        return value instanceof String s ? pad(flagChars, size, quote(s)) : bad(verb, value);
      case 't':
        return value instanceof Boolean b ? pad(flagChars, size, b.toString()) : bad(verb, value);
      case 'd', 'x', 'X', 'o', 'b':
        if (value instanceof Long l) {
          String java = switch (verb) {
            case 'd' -> String.format(Locale.ROOT, "%" + flagChars.replace("#", "") + size + "d", l);
            case 'x', 'X' -> String.format(Locale.ROOT, "%" + flags + verb, l);
            case 'o' -> String.format(Locale.ROOT, "%" + flags + "o", l);
            default -> pad(flagChars, size, Long.toBinaryString(l));
          };
          return java;
        }
        if ((verb == 'x' || verb == 'X') && value instanceof String s) {
          StringBuilder hex = new StringBuilder();
          for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hex.append(String.format(Locale.ROOT, verb == 'x' ? "%02x" : "%02X", b));
          }
          return pad(flagChars, size, hex.toString());
        }
        return bad(verb, value);
      case 'f', 'F', 'e', 'E', 'g':
        if (value instanceof Double d && verb == 'g' && !size.contains(".")) {
          return pad(flagChars, size, Values.formatDouble(d));
        }
        if (value instanceof Double d) {
          String spec = size.contains(".") || verb == 'g' ? flags : flags + ".6";
          return String.format(Locale.ROOT, "%" + spec + (verb == 'F' ? 'f' : verb), d);
        }
        return bad(verb, value);
      default:
        return "%!" + verb + "(" + goType(value) + "=" + plain(value) + ")";
    }
  }

  private static String bad(char verb, Object v) {
    return "%!" + verb + "(" + goType(v) + "=" + plain(v) + ")";
  }

  private static String pad(String flags, String digits, String s) {
    int dot = digits.indexOf('.');
    String width = dot < 0 ? digits : digits.substring(0, dot);
    if (dot >= 0 && dot + 1 <= digits.length()) {
      String precision = digits.substring(dot + 1);
      int p = precision.isEmpty() ? 0 : Integer.parseInt(precision);
      if (s.length() > p) {
        s = s.substring(0, p);
      }
    }
    if (width.isEmpty()) {
      return s;
    }
    int w = Integer.parseInt(width);
    if (s.length() >= w) {
      return s;
    }
    String fill = (flags.contains("0") && !flags.contains("-") ? "0" : " ").repeat(w - s.length());
    return flags.contains("-") ? s + fill.replace('0', ' ') : fill + s;
  }

  /** Go's %v of a value: maps as map[k:v], lists as [a b], nil as <nil>. */
  private static String plain(Object v) {
    if (v == null) {
      return "<nil>";
    }
    if (v instanceof java.util.Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("map[");
      new java.util.TreeMap<>(m).forEach((k, x) -> sb.append(sb.length() > 4 ? " " : "").append(k).append(':')
          .append(plain(x)));
      return sb.append(']').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < l.size(); i++) {
        sb.append(i > 0 ? " " : "").append(plain(l.get(i)));
      }
      return sb.append(']').toString();
    }
    if (v instanceof Double d) {
      return Values.formatDouble(d);
    }
    String s = Values.stringLike(v);
    return s == null ? v.toString() : s;
  }

  private static String goType(Object v) {
    return v == null ? "<nil>" : v instanceof String ? "string" : v instanceof Long ? "int64"
        : v instanceof Double ? "float64" : v instanceof Boolean ? "bool" : v instanceof List<?> ? "[]interface {}"
        : v instanceof java.util.Map<?, ?> ? "map[string]interface {}" : v.getClass().getSimpleName();
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
