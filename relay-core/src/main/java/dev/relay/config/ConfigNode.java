package dev.relay.config;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One node of a loaded configuration: a scalar, a list or a map, with its path (e.g. {@code exporters.otlp.endpoint})
 * and its line in the file. Reading a value of the wrong shape records a fault and returns an empty value, so that
 * reading goes on and every fault in the file is reported.
 */
public final class ConfigNode {
  private final Node node;
  private final String path;
  private final LoadContext ctx;
  /** This node's key in its parent map, where faults about the node as a whole are reported; null in a list. */
  private final Node keyNode;

  ConfigNode(Node node, String path, LoadContext ctx) {
    this(node, path, ctx, null);
  }

  ConfigNode(Node node, String path, LoadContext ctx, Node keyNode) {
    this.node = node;
    this.path = path;
    this.ctx = ctx;
    this.keyNode = keyNode;
  }

  public String path() {
    return path;
  }

  public int line() {
    return LoadContext.lineOf(node);
  }

  public Problems problems() {
    return ctx.problems();
  }

  /** Records a fault at this node. */
  public void problem(String message) {
    ctx.problems().add(LoadContext.fileOf(node), line(), path, message);
  }

  /** Records a warning at this node: it is accepted, but the user should know something about it. */
  public void warning(String message) {
    ctx.problems().warn(LoadContext.fileOf(node), line(), path, message);
  }

  /**
   * Whether there is no value: nothing after the key, {@code null}, or (as in the Collector) one reference such as
   * {@code ${env:X}} that expands to nothing, so that the reader's default applies.
   */
  public boolean isNull() {
    if (!(node instanceof ScalarNode s)) {
      return false;
    }
    if (Tag.NULL.equals(s.getTag())) {
      return true;
    }
    if (!EnvExpander.isWholeReference(s.getValue())) {
      return false;
    }
    try {
      return ctx.expand(s.getValue(), node, path).isEmpty();
    } catch (IllegalArgumentException e) {
      return false; // asString reports the fault
    }
  }

  public boolean isMap() {
    return node instanceof MappingNode;
  }

  public boolean isList() {
    return node instanceof SequenceNode;
  }

  /** This node as a map; a null node is an empty map (as in {@code debug:} with nothing under it). */
  public ConfigMap asMap() {
    Node at = keyNode != null ? keyNode : node;
    int mapLine = LoadContext.lineOf(at);
    String mapFile = LoadContext.fileOf(at);
    if (node instanceof MappingNode m) {
      return new ConfigMap(m, path, ctx, mapFile, mapLine);
    }
    if (!isNull()) {
      problem("expected a mapping (key: value pairs), found " + describe());
    }
    return new ConfigMap(null, path, ctx, mapFile, mapLine);
  }

  /** This node as a list; a null node is an empty list. */
  public List<ConfigNode> asList() {
    List<ConfigNode> out = new ArrayList<>();
    if (node instanceof SequenceNode s) {
      int i = 0;
      for (Node item : s.getValue()) {
        out.add(new ConfigNode(item, path + "[" + i++ + "]", ctx));
      }
    } else if (!isNull()) {
      problem("expected a list, found " + describe());
    }
    return out;
  }

  /** This node as text with environment references expanded; null (and a fault) if it is not a scalar. */
  public String asString() {
    if (!(node instanceof ScalarNode s)) {
      problem("expected a single value, found " + describe());
      return null;
    }
    if (isNull()) {
      return null;
    }
    try {
      return ctx.expand(s.getValue(), node, path);
    } catch (IllegalArgumentException e) {
      problem(e.getMessage());
      return null;
    }
  }

  /**
   * This node as a plain value, typed as YAML types it: a plain scalar is a Boolean, a Long, a Double or else a
   * String, judged on its text after environment references are expanded (so {@code ${env:N}} holding 5 is a
   * number, as in the Collector); a quoted scalar is a String; a list is a List and a map a LinkedHashMap of such
   * values; nothing ({@code null}, {@code ~}, no value) is null. Faults (an unset variable) are recorded.
   */
  public Object asValue() {
    if (isNull()) {
      return null;
    }
    if (node instanceof SequenceNode) {
      List<Object> out = new ArrayList<>();
      for (ConfigNode item : asList()) {
        out.add(item.asValue());
      }
      return out;
    }
    if (node instanceof MappingNode) {
      ConfigMap m = asMap();
      java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
      for (String key : m.keys()) {
        out.put(key, m.get(key).asValue());
      }
      return out;
    }
    String text = asString();
    return text != null && ((ScalarNode) node).isPlain() ? PlainScalars.value(text) : text;
  }

  /**
   * This node's value as {@link #asValue()} gives it, but recording nothing (no fault, no warning, no key read):
   * maps are sorted by key, a reference that cannot be expanded stays as written. Two loads of a configuration
   * compare their components with it, so a change is seen whatever the parsed records can compare.
   */
  public Object effectiveValue() {
    return value(node, ctx, true);
  }

  /** As {@link #effectiveValue()}, with references left as written (a secret given by reference is not in it). */
  public Object writtenValue() {
    return value(node, ctx, false);
  }

  static Object value(Node node, LoadContext ctx, boolean expand) {
    if (node instanceof SequenceNode s) {
      List<Object> out = new ArrayList<>();
      for (Node item : s.getValue()) {
        out.add(value(item, ctx, expand));
      }
      return out;
    }
    if (node instanceof MappingNode m) {
      java.util.Map<String, Object> out = new java.util.TreeMap<>();
      for (org.snakeyaml.engine.v2.nodes.NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k) {
          out.putIfAbsent(k.getValue(), value(t.getValueNode(), ctx, expand));
        }
      }
      return out;
    }
    if (!(node instanceof ScalarNode s) || Tag.NULL.equals(s.getTag())) {
      return null;
    }
    if (!expand) {
      return s.getValue();
    }
    try {
      return ctx.expander().expand(s.getValue(), name -> { });
    } catch (IllegalArgumentException e) {
      return s.getValue();
    }
  }

  String describe() {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (isNull()) {
      return "nothing";
    }
    return "'" + ((ScalarNode) node).getValue() + "'";
  }
}
