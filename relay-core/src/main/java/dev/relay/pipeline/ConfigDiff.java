package dev.relay.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * What changes between two configurations, per component and pipeline: added, changed, removed or kept. A
 * component is changed when its settings (as read, references expanded) or its type differ; a pipeline when its
 * lists differ. This is what {@code relay validate --diff} prints and what a reload logs.
 */
public final class ConfigDiff {
  /** What happens to one component or pipeline. */
  public enum Change {
    ADDED, CHANGED, REMOVED, KEPT;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One component ({@code receiver}, {@code processor}, {@code exporter}) or {@code pipeline}, by id. */
  public record Entry(String kind, String id, Change change) {
    @Override
    public String toString() {
      return change.word() + " " + kind + " " + id;
    }
  }

  private final List<Entry> entries;

  private ConfigDiff(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static ConfigDiff between(GraphConfig old, GraphConfig next) {
    List<Entry> out = new ArrayList<>();
    compare("receiver", old.receivers(), next.receivers(), Configured::sameAs, out);
    compare("processor", old.processors(), next.processors(), Configured::sameAs, out);
    compare("exporter", old.exporters(), next.exporters(), Configured::sameAs, out);
    compare("pipeline", old.pipelines(), next.pipelines(), Object::equals, out);
    return new ConfigDiff(out);
  }

  private static <K, V> void compare(String kind, Map<K, V> old, Map<K, V> next, BiPredicate<V, V> same,
      List<Entry> out) {
    Set<K> ids = new LinkedHashSet<>(old.keySet());
    ids.addAll(next.keySet());
    for (K id : ids) {
      V before = old.get(id);
      V after = next.get(id);
      Change change = before == null ? Change.ADDED : after == null ? Change.REMOVED
          : same.test(before, after) ? Change.KEPT : Change.CHANGED;
      out.add(new Entry(kind, id.toString(), change));
    }
  }

  public List<Entry> entries() {
    return entries;
  }

  /** Whether nothing is added, changed or removed. */
  public boolean unchanged() {
    return entries.stream().allMatch(e -> e.change() == Change.KEPT);
  }

  /** The entries of one kind of change, as {@code kind/id}... e.g. {@code exporter otlp/tempo}. */
  public List<String> ids(Change change) {
    return entries.stream().filter(e -> e.change() == change).map(e -> e.kind() + " " + e.id()).toList();
  }

  /** One line: {@code added [..]; changed [..]; removed [..]; kept [..]}, for the log. */
  public String summary() {
    List<String> parts = new ArrayList<>();
    for (Change c : Change.values()) {
      parts.add(c.word() + " " + ids(c));
    }
    return String.join("; ", parts);
  }
}
