package dev.relay.ottl;

import com.google.re2j.Matcher;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ExtractGrokPatterns(target, pattern, Optional[namedCapturesOnly], Optional[patternDefinitions])}
 * (contrib's func_extract_grok_patterns.go on elastic/go-grok): a map of each named capture that matched
 * something, typed as its {@code :int}, {@code :float} or {@code :bool} suffix says; an empty map when nothing
 * matches. The pattern and definitions must be literals, so the expression is expanded and compiled once, with the
 * config; contrib also takes a pattern computed per item.
 */
final class GrokConverter implements Converter {
  private static final String NAME = "ExtractGrokPatterns";
  // strconv.ParseFloat's decimal syntax; compiled once, used only on captures typed :float
  private static final java.util.regex.Pattern DECIMAL =
      java.util.regex.Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> params() {
    return List.of("target", "pattern", "namedCapturesOnly", "patternDefinitions");
  }

  @Override
  public Object defaultFor(int index, Ast.Expr[] given) {
    return index == 2 ? Boolean.FALSE : null;
  }

  @Override
  public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
    Converters.arity(NAME, args, 2, 4);
    String grok = args.get(1).literalString(NAME, "the pattern");
    boolean namedCapturesOnly = args.size() > 2 && namedCapturesOnly(args.get(2));
    Map<String, String> definitions = args.size() > 3 ? definitions(args.get(3)) : Map.of();
    GrokExpression expression;
    try {
      expression = GrokExpression.compile(grok, definitions, namedCapturesOnly);
    } catch (GrokExpression.GrokException e) {
      throw new OttlException(NAME + ": the regex pattern supplied to " + NAME + " \"" + grok
          + "\" is not a valid pattern: " + e.getMessage());
    }
    if (namedCapturesOnly && expression.fields().isEmpty()) {
      throw new OttlException(NAME + ": at least 1 named capture group must be supplied in the given regex");
    }
    Getter<T> target = args.get(0).getter();
    return ctx -> extract(expression, Converters.requireString(NAME, target.get(ctx)));
  }

  private static <T> boolean namedCapturesOnly(Arg<T> arg) throws OttlException {
    if (arg.expr() instanceof Ast.Literal l && l.value() instanceof Boolean b) {
      return b;
    }
    throw new OttlException(NAME + ": namedCapturesOnly must be true or false (column " + (arg.expr().pos() + 1)
        + ")");
  }

  /** {@code ["NAME=regex", ...]}: checked as contrib checks them, in order, a later one replacing an earlier. */
  private static <T> Map<String, String> definitions(Arg<T> arg) throws OttlException {
    List<String> items = new ArrayList<>();
    if (arg.expr() instanceof Ast.ListExpr list) {
      for (Ast.Expr item : list.items()) {
        if (!(item instanceof Ast.Literal l && l.value() instanceof String s)) {
          items = null;
          break;
        }
        items.add(s);
      }
    } else {
      items = null;
    }
    if (items == null) {
      throw new OttlException(NAME + ": patternDefinitions must be a list of string literals (column "
          + (arg.expr().pos() + 1) + ")");
    }
    Map<String, String> definitions = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i);
      int eq = item.indexOf('=');
      if (eq < 0) {
        String shown = item.length() > 20 ? item.substring(0, 17) + "..." : item;
        throw new OttlException(NAME + ": pattern \"" + shown + "\" supplied to " + NAME + " at index " + i
            + " has incorrect format, expecting PATTERNNAME=pattern definition");
      }
      String id = item.substring(0, eq);
      if (id.indexOf(':') >= 0) {
        throw new OttlException(NAME + ": pattern ID \"" + id + "\" should not contain ':'");
      }
      definitions.put(id, item.substring(eq + 1));
    }
    return definitions;
  }

  /** The first match's non-empty captures; a later capture of the same name replaces an earlier one, as in Go. */
  private static AttributeMap extract(GrokExpression expression, String text) {
    Matcher m = expression.pattern().matcher(text);
    if (expression.fields().isEmpty() || !m.find()) {
      return new AttributeMap(List.of());
    }
    Map<String, AnyValue> captures = new LinkedHashMap<>();
    for (GrokExpression.Field field : expression.fields()) {
      int start = m.start(field.group());
      int end = m.end(field.group());
      if (start < 0 || start == end) {
        continue;
      }
      captures.put(field.name(), typed(text.substring(start, end), field));
    }
    List<KeyValue> out = new ArrayList<>(captures.size());
    captures.forEach((k, v) -> out.add(KeyValue.newBuilder().setKey(k).setValue(v).build()));
    return new AttributeMap(out);
  }

  private static AnyValue typed(String s, GrokExpression.Field field) {
    return switch (field.type()) {
      case STRING -> AnyValue.newBuilder().setStringValue(s).build();
      case INT -> AnyValue.newBuilder().setIntValue(atoi(s)).build();
      case FLOAT -> AnyValue.newBuilder().setDoubleValue(parseFloat(s)).build();
      case BOOL -> AnyValue.newBuilder().setBoolValue(parseBool(s)).build();
      case INVALID -> throw new OttlRuntimeException(NAME + ": invalid type for "
          + field.name().replace(".", "___") + ": type not specified");
    };
  }

  /** Go's {@code strconv.Atoi}: an optional sign and ASCII digits, within 64 bits. */
  private static long atoi(String s) {
    int i = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
    if (i == s.length()) {
      throw strconv("Atoi", s, "invalid syntax");
    }
    for (int j = i; j < s.length(); j++) {
      if (s.charAt(j) < '0' || s.charAt(j) > '9') {
        throw strconv("Atoi", s, "invalid syntax");
      }
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw strconv("Atoi", s, "value out of range");
    }
  }

  /** Go's {@code strconv.ParseFloat} for decimal text, infinities and NaN. */
  private static double parseFloat(String s) {
    String unsigned = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
      return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (s.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    if (!DECIMAL.matcher(s).matches()) {
      throw strconv("ParseFloat", s, "invalid syntax");
    }
    double d = Double.parseDouble(s);
    if (Double.isInfinite(d)) {
      throw strconv("ParseFloat", s, "value out of range");
    }
    return d;
  }

  /** Go's {@code strconv.ParseBool}. */
  private static boolean parseBool(String s) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw strconv("ParseBool", s, "invalid syntax");
    };
  }

  private static OttlRuntimeException strconv(String function, String s, String why) {
    return new OttlRuntimeException(NAME + ": strconv." + function + ": parsing \"" + s + "\": " + why);
  }
}
