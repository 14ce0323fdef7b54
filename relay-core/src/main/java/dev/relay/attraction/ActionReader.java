package dev.relay.attraction;

import com.google.re2j.Pattern;
import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.ottl.Values;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one entry of an action list with the Collector's rules (its {@code NewAttrProc}): which keys each action
 * needs and which it must not have. Every key is read before any is judged, so that all faults of an entry are
 * reported at once; a faulty entry gives null.
 */
final class ActionReader {
  static final String ACTIONS = "insert, update, upsert, delete, hash, extract, convert";

  private final ConfigMap m;
  private final int faultsBefore;
  private String action;
  private String key;
  private AnyValue value;
  private String fromAttribute;
  private String fromContext;
  private AnyValue defaultValue;
  private String pattern;
  private String convertedType;

  private ActionReader(ConfigMap m) {
    this.m = m;
    this.faultsBefore = m.problems().list().size();
  }

  static Action read(ConfigMap m) {
    ActionReader r = new ActionReader(m);
    r.readKeys();
    Action a = r.build();
    return m.problems().list().size() > r.faultsBefore ? null : a;
  }

  private void readKeys() {
    key = emptyToNull(m.string("key", null));
    String raw = m.string("action", null);
    action = raw == null ? null : raw.toLowerCase(Locale.ROOT);
    value = typed(m.get("value"));
    fromAttribute = emptyToNull(m.string("from_attribute", null));
    fromContext = emptyToNull(m.string("from_context", null));
    defaultValue = typed(m.get("default_value"));
    pattern = emptyToNull(m.string("pattern", null));
    convertedType = emptyToNull(m.string("converted_type", null));
    m.rejectUnknown();
  }

  private Action build() {
    if (action == null) {
      m.problem(null, "'action' is required: one of " + ACTIONS);
      return null;
    }
    return switch (action) {
      case "insert" -> put(PutAction.Mode.INSERT);
      case "update" -> put(PutAction.Mode.UPDATE);
      case "upsert" -> put(PutAction.Mode.UPSERT);
      case "delete" -> {
        KeySelection keys = selection();
        yield keys == null ? null : new DeleteAction(keys);
      }
      case "hash" -> {
        KeySelection keys = selection();
        yield keys == null ? null : new HashAction(keys);
      }
      case "extract" -> extract();
      case "convert" -> convert();
      default -> {
        m.problem("action", "'" + action + "' is not one of " + ACTIONS);
        yield null;
      }
    };
  }

  private Action put(PutAction.Mode mode) {
    requireKey();
    notUsed("pattern", "converted_type");
    int sources = (value != null ? 1 : 0) + (fromAttribute != null ? 1 : 0) + (fromContext != null ? 1 : 0);
    if (sources > 1) {
      m.problem(secondSource(), "only one of 'value', 'from_attribute' and 'from_context' may be set");
    } else if (sources == 0 && defaultValue == null) {
      m.problem(null, action + " needs one of 'value', 'from_attribute', 'from_context' or 'default_value'");
    }
    if (key == null || sources > 1 || sources == 0 && defaultValue == null) {
      return null;
    }
    ValueSource source = value != null ? new ValueSource.Constant(value)
        : fromAttribute != null ? new ValueSource.FromAttribute(fromAttribute, defaultValue)
        : fromContext != null ? new ValueSource.FromContext(fromContext, defaultValue)
        : new ValueSource.Constant(defaultValue);
    return new PutAction(mode, key, source);
  }

  private KeySelection selection() {
    notUsed("value", "from_attribute", "from_context", "default_value", "converted_type");
    if (key == null && pattern == null) {
      m.problem(null, action + " needs 'key', 'pattern' or both");
      return null;
    }
    Pattern p = pattern == null ? null : Patterns.compile(m.get("pattern"), pattern);
    if (pattern != null && p == null) {
      return null;
    }
    return new KeySelection(key, p);
  }

  private Action extract() {
    requireKey();
    notUsed("value", "from_attribute", "from_context", "default_value", "converted_type");
    if (pattern == null) {
      m.problem(null, "extract needs 'pattern', a regular expression with named groups");
      return null;
    }
    Pattern p = Patterns.compile(m.get("pattern"), pattern);
    if (p == null) {
      return null;
    }
    String[] names = new String[p.groupCount()];
    p.namedGroups().forEach((name, group) -> names[group - 1] = name);
    if (names.length == 0) {
      m.problem("pattern", "the pattern has no named groups: name each, as in (?P<name>...)");
      return null;
    }
    if (java.util.Arrays.asList(names).contains(null)) {
      m.problem("pattern", "the pattern has a group without a name: name each, as in (?P<name>...)");
      return null;
    }
    return key == null ? null : new ExtractAction(key, p, List.of(names));
  }

  private Action convert() {
    requireKey();
    notUsed("value", "from_attribute", "from_context", "default_value", "pattern");
    if (convertedType == null) {
      m.problem(null, "convert needs 'converted_type': int, double or string");
      return null;
    }
    if (!List.of("int", "double", "string").contains(convertedType)) {
      m.problem("converted_type", "'" + convertedType + "' is not one of int, double, string");
      return null;
    }
    return key == null ? null : new ConvertAction(key, convertedType);
  }

  private void requireKey() {
    if (key == null) {
      m.problem(null, "'key' is required for " + action);
    }
  }

  /** A fault for each of {@code keys} that is set but means nothing to this action. */
  private void notUsed(String... keys) {
    for (String k : keys) {
      if (isSet(k)) {
        m.problem(k, "'" + k + "' is not used by " + action);
      }
    }
  }

  private boolean isSet(String k) {
    return switch (k) {
      case "value" -> value != null;
      case "from_attribute" -> fromAttribute != null;
      case "from_context" -> fromContext != null;
      case "default_value" -> defaultValue != null;
      case "pattern" -> pattern != null;
      case "converted_type" -> convertedType != null;
      default -> false;
    };
  }

  /** The second value source set, where a fault about several is reported. */
  private String secondSource() {
    List<String> set = new ArrayList<>();
    for (String k : List.of("value", "from_attribute", "from_context")) {
      if (isSet(k)) {
        set.add(k);
      }
    }
    return set.size() > 1 ? set.get(1) : null;
  }

  /** A config value as an attribute value (int, double, bool, string, list or map); null when absent. */
  private AnyValue typed(ConfigNode node) {
    if (node == null) {
      return null;
    }
    Object raw = node.asValue();
    try {
      return Values.toAny(raw);
    } catch (OttlRuntimeException e) {
      node.problem("cannot be an attribute value: " + e.getMessage());
      return null;
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
