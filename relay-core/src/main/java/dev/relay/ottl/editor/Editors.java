package dev.relay.ottl.editor;

import dev.relay.ottl.Editor;
import dev.relay.ottl.EditorSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The built-in editors by name: what a statement such as {@code set(...)} may start with. */
public final class Editors implements EditorSet {
  private final Map<String, Editor> byName;

  private Editors(Map<String, Editor> byName) {
    this.byName = Map.copyOf(byName);
  }

  public static Editors standard() {
    Map<String, Editor> m = new TreeMap<>();
    for (Editor e : List.of(new SetEditor(), new DeleteKeyEditor(), new DeleteMatchingKeysEditor(),
        new KeepKeysEditor(), new KeepMatchingKeysEditor(), new ReplacePatternEditor(),
        new ReplaceAllPatternsEditor(), new ReplaceMatchEditor(), new TruncateAllEditor(), new LimitEditor(),
        new MergeMapsEditor(), new FlattenEditor(), new AppendEditor(), new StringifyAllEditor(),
        new ReplaceAllMatchesEditor(), new DeleteIndexEditor())) {
      m.put(e.name(), e);
    }
    return new Editors(m);
  }

  @Override
  public Editor get(String name) {
    return byName.get(name);
  }

  @Override
  public String names() {
    return String.join(", ", new TreeMap<>(byName).keySet());
  }
}
