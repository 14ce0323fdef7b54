package dev.relay.processor.attributes;

import com.google.re2j.Pattern;
import dev.relay.attraction.Patterns;
import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.config.ConfigProblem;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.ottl.Values;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads one {@code include} or {@code exclude} with the Collector's rules ({@code filterconfig.MatchProperties}):
 * {@code match_type} is needed as soon as something is matched by text; an attribute's value must be a string for
 * {@code regexp}; strict span kinds must be real ones. Every key is read before any is judged.
 */
final class MatchReader {
  /** The kinds a strict match may name: as in the Collector, not SPAN_KIND_UNSPECIFIED. */
  private static final Set<String> SPAN_KINDS = Set.of("SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER",
      "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER");
  private static final List<String> SPAN_ONLY = List.of("services", "span_names", "span_kinds");
  private static final List<String> LOG_ONLY = List.of("log_bodies", "log_severity_texts", "log_severity_number");

  private final ConfigMap m;
  private Boolean regexp;

  private MatchReader(ConfigMap m) {
    this.m = m;
  }

  /** The properties under {@code node}, or null when it is absent or empty ({@code include:} with nothing). */
  static MatchProperties read(ConfigNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return new MatchReader(node.asMap()).read();
  }

  private MatchProperties read() {
    String matchType = m.string("match_type", null);
    ConfigNode regexpNode = m.get("regexp");
    if (regexpNode != null) {
      // The Collector's match cache; patterns here are compiled once and need none.
      ConfigMap cache = regexpNode.asMap();
      cache.bool("cacheenabled", false);
      cache.integer("cachemaxnumentries", 0, 0, Integer.MAX_VALUE);
      cache.rejectUnknown();
    }
    List<ConfigNode> services = m.list("services");
    List<ConfigNode> spanNames = m.list("span_names");
    List<ConfigNode> spanKinds = m.list("span_kinds");
    List<ConfigNode> logBodies = m.list("log_bodies");
    List<ConfigNode> severityTexts = m.list("log_severity_texts");
    MatchProperties.SeverityMatch severity = severity(m.get("log_severity_number"));
    List<Entry> attributes = entries(m.list("attributes"), "key", "value");
    List<Entry> resources = entries(m.list("resources"), "key", "value");
    List<Entry> libraries = entries(m.list("libraries"), "name", "version");
    m.rejectUnknown();

    boolean byText = !services.isEmpty() || !spanNames.isEmpty() || !spanKinds.isEmpty() || !logBodies.isEmpty()
        || !severityTexts.isEmpty() || !libraries.isEmpty()
        || attributes.stream().anyMatch(e -> e.value != null) || resources.stream().anyMatch(e -> e.value != null);
    if (matchType == null) {
      if (byText) {
        m.problem(null, "'match_type' is required: strict or regexp");
      }
    } else if (matchType.equals("strict") || matchType.equals("regexp")) {
      regexp = matchType.equals("regexp");
    } else {
      m.problem("match_type", "'" + matchType + "' is not one of strict, regexp");
    }

    boolean spanOnly = !services.isEmpty() || !spanNames.isEmpty() || !spanKinds.isEmpty();
    boolean logOnly = !logBodies.isEmpty() || !severityTexts.isEmpty() || severity != null;
    if (!spanOnly && !logOnly && attributes.isEmpty() && resources.isEmpty() && libraries.isEmpty()) {
      m.problem(null, "give at least one of services, span_names, span_kinds, log_bodies, log_severity_texts,"
          + " log_severity_number, attributes, resources or libraries");
    }
    if (spanOnly && logOnly) {
      m.problem(first(LOG_ONLY), "services, span_names and span_kinds match spans, and log_bodies,"
          + " log_severity_texts and log_severity_number match log records: one match cannot have both");
    }
    if (Boolean.FALSE.equals(regexp)) {
      for (ConfigNode kind : spanKinds) {
        String k = kind.asString();
        if (k != null && !SPAN_KINDS.contains(k)) {
          kind.problem("'" + k + "' is not a span kind: with match_type strict, one of " + String.join(", ",
              SPAN_KINDS.stream().sorted().toList()));
        }
      }
    }
    return new MatchProperties(filter(services), filter(spanNames), filter(spanKinds), filter(logBodies),
        filter(severityTexts), severity, libraries(libraries), matchers(attributes), matchers(resources),
        logOnly ? fault(first(LOG_ONLY), "log_bodies, log_severity_texts and log_severity_number are not valid for"
            + " spans") : null,
        spanOnly ? fault(first(SPAN_ONLY), "services, span_names and span_kinds are not valid for log records")
            : null);
  }

  /** One {@code {key, value}} or {@code {name, version}} entry, its value typed and its second key maybe absent. */
  private record Entry(ConfigMap at, String name, ConfigNode valueNode, Object value) {}

  private static List<Entry> entries(List<ConfigNode> items, String nameKey, String valueKey) {
    List<Entry> out = new ArrayList<>();
    for (ConfigNode item : items) {
      ConfigMap e = item.asMap();
      String name = e.string(nameKey, null);
      ConfigNode valueNode = e.get(valueKey);
      Object value = valueNode == null ? null : valueNode.asValue();
      e.rejectUnknown();
      if (name == null || name.isEmpty()) {
        e.problem(e.has(nameKey) ? nameKey : null, "'" + nameKey + "' is required and must not be empty");
        continue;
      }
      out.add(new Entry(e, name, valueNode, value));
    }
    return out;
  }

  private static MatchProperties.SeverityMatch severity(ConfigNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    ConfigMap s = node.asMap();
    int min = (int) s.integer("min", 0, 0, 24);
    boolean matchUndefined = s.bool("match_undefined", false);
    s.rejectUnknown();
    return new MatchProperties.SeverityMatch(min, matchUndefined);
  }

  private StringFilter filter(List<ConfigNode> items) {
    if (items.isEmpty() || regexp == null) {
      return null;
    }
    List<String> texts = new ArrayList<>();
    List<Pattern> patterns = new ArrayList<>();
    for (ConfigNode item : items) {
      String s = item.asString();
      if (s == null) {
        continue;
      }
      texts.add(s);
      if (regexp) {
        Pattern p = Patterns.compile(item, s);
        if (p != null) {
          patterns.add(p);
        }
      }
    }
    return regexp ? StringFilter.regexp(patterns) : StringFilter.strict(texts);
  }

  private List<LibraryMatcher> libraries(List<Entry> entries) {
    List<LibraryMatcher> out = new ArrayList<>();
    for (Entry e : entries) {
      if (regexp == null) {
        continue;
      }
      StringFilter name = one(e.at.get("name"), e.name);
      StringFilter version = e.valueNode == null || e.valueNode.isNull() ? null
          : one(e.valueNode, e.valueNode.asString());
      if (name != null) {
        out.add(new LibraryMatcher(name, version));
      }
    }
    return out;
  }

  private StringFilter one(ConfigNode node, String text) {
    if (text == null) {
      return null;
    }
    if (!regexp) {
      return StringFilter.strict(List.of(text));
    }
    Pattern p = Patterns.compile(node, text);
    return p == null ? null : StringFilter.regexp(List.of(p));
  }

  private List<AttributeMatcher> matchers(List<Entry> entries) {
    List<AttributeMatcher> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.value == null) {
        out.add(new AttributeMatcher(e.name, null, null));
      } else if (Boolean.TRUE.equals(regexp)) {
        if (e.value instanceof String s) {
          Pattern p = Patterns.compile(e.valueNode, s);
          if (p != null) {
            out.add(new AttributeMatcher(e.name, null, p));
          }
        } else {
          e.valueNode.problem("with match_type regexp, the value for '" + e.name + "' must be a string");
        }
      } else if (Boolean.FALSE.equals(regexp)) {
        try {
          AnyValue v = Values.toAny(e.value);
          out.add(new AttributeMatcher(e.name, v, null));
        } catch (OttlRuntimeException ex) {
          e.valueNode.problem("cannot be an attribute value: " + ex.getMessage());
        }
      }
    }
    return out;
  }

  private String first(List<String> keys) {
    for (String k : keys) {
      if (m.has(k)) {
        return k;
      }
    }
    return null;
  }

  /** A fault as the config loader would print it, for a pipeline that finds it only when it is built. */
  private String fault(String key, String message) {
    String path = key == null ? m.path() : m.path() + "." + key;
    return new ConfigProblem(m.problems().file(), key == null ? m.line() : m.keyLine(key), path, message).toString();
  }
}
