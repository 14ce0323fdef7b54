package dev.relay.processor.filter;

import com.google.re2j.Pattern;
import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Regexes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The filter processor's older match config, written as the OTTL condition that drops what it would drop: an item is
 * kept when it matches {@code include} (if given) and does not match {@code exclude}. Within one property any listed
 * value may match; all the given properties, and every listed attribute, must.
 *
 * <p>{@code spans} reads the Collector's filterconfig keys ({@code match_type}, {@code regexp}, {@code services},
 * {@code span_names}, {@code span_kinds}, {@code attributes}, {@code resources}, {@code libraries}). {@code logs}
 * reads the filter processor's own LogMatchProperties ({@code match_type}, {@code resource_attributes},
 * {@code record_attributes}, {@code severity_texts}, {@code severity_number}, {@code bodies}); as there, a logs
 * include or exclude that names no property is ignored, and {@code match_type} is only needed by the properties
 * that match text.
 */
final class LegacyMatch {
  private static final List<String> KINDS = List.of("SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT",
      "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER");
  private static final Map<String, Integer> SEVERITIES = Map.of("TRACE", 1, "DEBUG", 5, "INFO", 9, "WARN", 13,
      "ERROR", 17, "FATAL", 21);

  private final ConfigMap m;
  private final boolean spans;
  private boolean regexp;

  private LegacyMatch(ConfigMap m, boolean spans) {
    this.m = m;
    this.spans = spans;
  }

  /**
   * The drop condition for {@code spans} (or {@code logs}) in {@code cfg}, null when neither include nor exclude is
   * given or a fault was recorded.
   */
  static String dropCondition(ConfigMap section, boolean spans) {
    ConfigNode include = section.get("include");
    ConfigNode exclude = section.get("exclude");
    String inc = include == null || include.isNull() ? null : new LegacyMatch(include.asMap(), spans).condition();
    String exc = exclude == null || exclude.isNull() ? null : new LegacyMatch(exclude.asMap(), spans).condition();
    if (inc == null && exc == null) {
      return null;
    }
    if (inc != null && exc != null) {
      return "not (" + inc + ") or (" + exc + ")";
    }
    return inc != null ? "not (" + inc + ")" : exc;
  }

  private String condition() {
    return spans ? spanCondition() : logCondition();
  }

  /** The match type, null when absent or wrong (a fault is recorded when wrong, or absent and {@code required}). */
  private String matchType(boolean required, String requiredBy) {
    String matchType = m.string("match_type", null);
    if (matchType == null) {
      if (required) {
        m.problem(null, "'match_type' is required" + requiredBy + ": strict or regexp");
      }
    } else if (!matchType.equals("strict") && !matchType.equals("regexp")) {
      m.problem("match_type", "'" + matchType + "' is not one of strict, regexp");
      return null;
    }
    regexp = "regexp".equals(matchType);
    return matchType;
  }

  private String spanCondition() {
    String matchType = matchType(true, "");
    ConfigNode cache = m.get("regexp");
    if (cache != null && !cache.isNull()) {
      ConfigMap c = cache.asMap();
      c.bool("cacheenabled", false);
      c.integer("cachemaxnumentries", 0, 0, Integer.MAX_VALUE);
      c.rejectUnknown();
    }
    List<String> all = new ArrayList<>();
    any(all, "services", "resource.attributes[\"service.name\"]");
    any(all, "span_names", "name");
    kinds(all);
    attributes(all, "attributes", "attributes");
    attributes(all, "resources", "resource.attributes");
    libraries(all);
    m.rejectUnknown();
    if (matchType == null) {
      return null;
    }
    if (all.isEmpty()) {
      boolean given = m.keys().stream().anyMatch(k -> !k.equals("match_type") && !k.equals("regexp"));
      if (!given) {
        m.problem(null, "give at least one property to match, such as span_names");
      }
      return null;
    }
    return String.join(" and ", all);
  }

  /** As the Collector: the text properties need a match type; attributes without one compare strictly. */
  private String logCondition() {
    boolean textGiven = !m.list("bodies").isEmpty() || !m.list("severity_texts").isEmpty();
    String matchType = matchType(textGiven, " with bodies or severity_texts");
    boolean usable = matchType != null || !textGiven && m.get("match_type") == null;
    List<String> all = new ArrayList<>();
    attributes(all, "resource_attributes", "resource.attributes");
    attributes(all, "record_attributes", "attributes");
    any(all, "severity_texts", "severity_text");
    severity(all);
    // the Collector matches the body's string form, whatever its type
    any(all, "bodies", "String(body)");
    m.rejectUnknown();
    return usable && !all.isEmpty() ? String.join(" and ", all) : null;
  }

  /** {@code path} equal to (or, with regexp, matching) any of the strings under {@code key}. */
  private void any(List<String> all, String key, String path) {
    List<String> one = new ArrayList<>();
    for (ConfigNode n : m.list(key)) {
      String v = n.asString();
      if (v != null && valid(n, v)) {
        one.add(test(path, v));
      }
    }
    if (!one.isEmpty()) {
      all.add("(" + String.join(" or ", one) + ")");
    }
  }

  private void kinds(List<String> all) {
    List<String> one = new ArrayList<>();
    for (ConfigNode n : m.list("span_kinds")) {
      String v = n.asString();
      if (v == null || !valid(n, v)) {
        continue;
      }
      for (String kind : KINDS) {
        if (regexp ? Regexes.find(Pattern.compile(v), kind) : kind.equals(v)) {
          one.add("kind == " + kind);
        }
      }
      if (!regexp && !KINDS.contains(v)) {
        n.problem("'" + v + "' is not a span kind: one of " + String.join(", ", KINDS));
      }
    }
    if (!one.isEmpty()) {
      all.add("(" + String.join(" or ", one) + ")");
    }
  }

  /**
   * At least {@code min} (a number 1-24 or a short name such as INFO or warn2); a record without a severity number
   * matches only with {@code match_undefined}. Without {@code min} every record with a severity number matches.
   */
  private void severity(List<String> all) {
    ConfigNode node = m.get("severity_number");
    if (node == null || node.isNull()) {
      return;
    }
    ConfigMap s = node.asMap();
    ConfigNode minNode = s.get("min");
    Object min = minNode == null || minNode.isNull() ? "" : minNode.asValue();
    boolean undefined = s.bool("match_undefined", false);
    s.rejectUnknown();
    String text = String.valueOf(min);
    Integer number = text.isEmpty() ? Integer.valueOf(0) : severityNumber(text);
    if (number == null) {
      s.problem("min", "'" + text + "' is not a valid severity");
      return;
    }
    if (undefined) {
      all.add("(severity_number >= " + number + " or severity_number == 0)");
    } else {
      all.add(number == 0 ? "(severity_number != 0)" : "(severity_number >= " + number + ")");
    }
  }

  /** The number of a severity as the Collector names them: 1-24, or TRACE..FATAL4 in any case; null otherwise. */
  static Integer severityNumber(String name) {
    if (name.matches("[1-9]|1[0-9]|2[0-4]")) {
      return Integer.valueOf(name);
    }
    String n = name.toUpperCase(java.util.Locale.ROOT);
    int digit = n.isEmpty() ? 0 : n.charAt(n.length() - 1) - '0';
    String base = digit >= 2 && digit <= 4 ? n.substring(0, n.length() - 1) : n;
    Integer b = SEVERITIES.get(base);
    return b == null ? null : b + (digit >= 2 && digit <= 4 ? digit - 1 : 0);
  }

  /** Every {@code {key, value}} under {@code key} must hold: equal (or match), or with no value, be present. */
  private void attributes(List<String> all, String key, String path) {
    for (ConfigNode n : m.list(key)) {
      ConfigMap e = n.asMap();
      String k = e.string("key", null);
      ConfigNode valueNode = e.get("value");
      Object value = valueNode == null ? null : valueNode.asValue();
      e.rejectUnknown();
      if (k == null || k.isEmpty()) {
        e.problem(null, "'key' is required and must not be empty");
        continue;
      }
      String target = path + "[" + quote(k) + "]";
      if (value == null) {
        all.add(target + " != nil");
      } else if (regexp) {
        if (value instanceof String re && valid(valueNode, re)) {
          all.add("IsMatch(" + target + ", " + quote(re) + ")");
        } else if (!(value instanceof String)) {
          valueNode.problem("with match_type regexp, the value for '" + k + "' must be a string");
        }
      } else {
        all.add(target + " == " + literal(value));
      }
    }
  }

  private void libraries(List<String> all) {
    List<String> one = new ArrayList<>();
    for (ConfigNode n : m.list("libraries")) {
      ConfigMap e = n.asMap();
      String name = e.string("name", null);
      String version = e.string("version", null);
      e.rejectUnknown();
      if (name == null) {
        e.problem(null, "'name' is required");
        continue;
      }
      String c = test("instrumentation_scope.name", name);
      if (version != null) {
        c += " and " + test("instrumentation_scope.version", version);
      }
      one.add("(" + c + ")");
    }
    if (!one.isEmpty()) {
      all.add("(" + String.join(" or ", one) + ")");
    }
  }

  private String test(String path, String value) {
    return regexp ? "IsMatch(" + path + ", " + quote(value) + ")" : path + " == " + quote(value);
  }

  private boolean valid(ConfigNode n, String value) {
    if (!regexp) {
      return true;
    }
    try {
      Regexes.compile(value, "pattern");
      return true;
    } catch (OttlException e) {
      n.problem(e.getMessage().replaceFirst("^pattern: ", ""));
      return false;
    }
  }

  private static String literal(Object v) {
    return v instanceof String s ? quote(s) : String.valueOf(v);
  }

  /** An OTTL string literal of {@code s}. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
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
