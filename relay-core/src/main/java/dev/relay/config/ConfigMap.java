package dev.relay.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * A mapping in the configuration. It remembers which keys were read, so that {@link #rejectUnknown()} can report
 * every key nobody asked for: a typo must not pass silently.
 */
public final class ConfigMap {
  private record Entry(Node keyNode, ConfigNode value) {
    int keyLine() {
      return LoadContext.lineOf(keyNode);
    }

    String keyFile() {
      return LoadContext.fileOf(keyNode);
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Set<String> read = new TreeSet<>();
  private final String path;
  private final LoadContext ctx;
  /** Where this map is, for faults about it as a whole: its file (null: the configuration's) and line. */
  private final String file;
  private final int line;

  ConfigMap(MappingNode node, String path, LoadContext ctx) {
    this(node, path, ctx, LoadContext.fileOf(node), LoadContext.lineOf(node));
  }

  ConfigMap(MappingNode node, String path, LoadContext ctx, String file, int line) {
    this.path = path;
    this.ctx = ctx;
    this.file = file;
    this.line = line;
    if (node == null) {
      return;
    }
    for (NodeTuple t : node.getValue()) {
      Node k = t.getKeyNode();
      int keyLine = LoadContext.lineOf(k);
      if (!(k instanceof ScalarNode sk)) {
        ctx.problems().add(LoadContext.fileOf(k), keyLine, path, "keys must be plain text");
        continue;
      }
      String key = sk.getValue();
      String childPath = path.isEmpty() ? key : path + "." + key;
      if (entries.containsKey(key)) {
        ctx.problems().add(LoadContext.fileOf(k), keyLine, childPath,
            "duplicate key (first defined on line " + entries.get(key).keyLine() + ")");
        continue;
      }
      entries.put(key, new Entry(k, new ConfigNode(t.getValueNode(), childPath, ctx, k)));
    }
  }

  public String path() {
    return path;
  }

  public int line() {
    return line;
  }

  public Problems problems() {
    return ctx.problems();
  }

  /**
   * The environment this file's {@code ${env:NAME}} references read (name to value, null when unset), for a
   * component that reads variables of its own, such as {@code OTEL_RESOURCE_ATTRIBUTES}; tests set it.
   */
  public java.util.function.Function<String, String> environment() {
    return ctx.expander().env();
  }

  /** Records a fault at this map, or at {@code key} if it is present. */
  public void problem(String key, String message) {
    Entry e = key == null ? null : entries.get(key);
    String p = key == null ? path : (path.isEmpty() ? key : path + "." + key);
    ctx.problems().add(e == null ? file : e.keyFile(), e == null ? line : e.keyLine(), p, message);
  }

  /** Records a warning at this map, or at {@code key} if it is present: accepted, but worth knowing. */
  public void warning(String key, String message) {
    Entry e = key == null ? null : entries.get(key);
    String p = key == null ? path : (path.isEmpty() ? key : path + "." + key);
    ctx.problems().warn(e == null ? file : e.keyFile(), e == null ? line : e.keyLine(), p, message);
  }

  /** This map as {@link ConfigNode#writtenValue()} gives a node: sorted, references as written, recording nothing. */
  public Map<String, Object> writtenValue() {
    Map<String, Object> out = new java.util.TreeMap<>();
    entries.forEach((key, e) -> out.put(key, e.value.writtenValue()));
    return out;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public boolean has(String key) {
    return entries.containsKey(key);
  }

  /** All keys, in file order; reading them this way marks none as read. */
  public List<String> keys() {
    return new ArrayList<>(entries.keySet());
  }

  /** The node under {@code key}, marking it read; null when absent. */
  public ConfigNode get(String key) {
    read.add(key);
    ctx.asked(path.isEmpty() ? key : path + "." + key);
    Entry e = entries.get(key);
    return e == null ? null : e.value;
  }

  public int keyLine(String key) {
    Entry e = entries.get(key);
    return e == null ? line : e.keyLine();
  }

  public ConfigMap map(String key) {
    ConfigNode n = get(key);
    if (n == null) {
      return new ConfigMap(null, path.isEmpty() ? key : path + "." + key, ctx, file, line);
    }
    return n.asMap();
  }

  public List<ConfigNode> list(String key) {
    ConfigNode n = get(key);
    return n == null ? List.of() : n.asList();
  }

  public List<String> stringList(String key) {
    List<String> out = new ArrayList<>();
    for (ConfigNode n : list(key)) {
      String s = n.asString();
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  public String string(String key, String defaultValue) {
    ConfigNode n = get(key);
    if (n == null || n.isNull()) {
      return defaultValue;
    }
    String s = n.asString();
    return s == null ? defaultValue : s;
  }

  /**
   * A value that must never be printed (a password, a token): read as text, its faults never quote it, and it is
   * held as a {@link Secret}. Null when absent.
   */
  public Secret secret(String key) {
    ConfigNode n = get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    return Secret.of(n.asString());
  }

  /** A required text value; records a fault when missing or empty. */
  public String requiredString(String key) {
    ConfigNode n = get(key);
    if (n == null || n.isNull()) {
      problem(null, "'" + key + "' is required");
      return null;
    }
    String s = n.asString();
    if (s != null && s.isBlank()) {
      n.problem("must not be empty");
      return null;
    }
    return s;
  }

  /** One of {@code allowed}, compared without regard to case; records a fault for anything else. */
  public String choice(String key, String defaultValue, String... allowed) {
    String s = string(key, defaultValue);
    for (String a : allowed) {
      if (a.equalsIgnoreCase(s)) {
        return a;
      }
    }
    get(key).problem("'" + s + "' is not one of " + String.join(", ", allowed));
    return defaultValue;
  }

  public boolean bool(String key, boolean defaultValue) {
    ConfigNode n = get(key);
    if (n == null || n.isNull()) {
      return defaultValue;
    }
    String s = n.asString();
    if ("true".equalsIgnoreCase(s)) {
      return true;
    }
    if ("false".equalsIgnoreCase(s)) {
      return false;
    }
    if (s != null) {
      n.problem("expected true or false, found '" + s + "'");
    }
    return defaultValue;
  }

  public long integer(String key, long defaultValue, long min, long max) {
    ConfigNode n = get(key);
    if (n == null || n.isNull()) {
      return defaultValue;
    }
    String s = n.asString();
    if (s == null) {
      return defaultValue;
    }
    try {
      long v = Long.parseLong(s.trim().replace("_", ""));
      if (v < min || v > max) {
        n.problem("must be between " + min + " and " + max + ", found " + v);
        return defaultValue;
      }
      return v;
    } catch (NumberFormatException e) {
      n.problem("expected a whole number, found '" + s + "'");
      return defaultValue;
    }
  }

  /** A Go-style duration ({@code 5s}, {@code 250ms}, {@code 1m30s}); a bare 0 is zero. */
  public Duration duration(String key, Duration defaultValue) {
    ConfigNode n = get(key);
    if (n == null || n.isNull()) {
      return defaultValue;
    }
    String s = n.asString();
    if (s == null) {
      return defaultValue;
    }
    try {
      Duration d = Durations.parse(s);
      if (d.isNegative()) {
        n.problem("must not be negative, found '" + s + "'");
        return defaultValue;
      }
      return d;
    } catch (IllegalArgumentException e) {
      n.problem(e.getMessage());
      return defaultValue;
    }
  }

  /** Records a fault for every key that no reader asked for. Call after reading everything you know. */
  public void rejectUnknown() {
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (!read.contains(e.getKey())) {
        String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        String known = read.isEmpty() ? "" : " (known keys here: " + String.join(", ", read) + ")";
        ctx.problems().add(e.getValue().keyFile(), e.getValue().keyLine(), p,
            "unknown key '" + e.getKey() + "'" + known);
      }
    }
  }
}
