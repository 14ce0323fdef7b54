package dev.relay.attraction;

import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of attribute actions, read from config once and applied in order to the attributes of one item at a time.
 * Immutable and shared by the threads that process batches; each thread brings its own {@link AttributeEditor}.
 */
public final class AttributeActions {
  private final List<Action> actions;
  private final List<String> contextKeys;

  private AttributeActions(List<Action> actions, List<String> contextKeys) {
    this.actions = List.copyOf(actions);
    this.contextKeys = List.copyOf(contextKeys);
  }

  /**
   * Reads the list under {@code key} of {@code parent} ({@code actions} of an {@code attributes} processor,
   * {@code attributes} of a {@code resource} one). Faults, each at the entry and key at fault, go to the config's
   * problems; a missing or empty list is one, as in the Collector.
   */
  public static AttributeActions read(ConfigMap parent, String key) {
    List<ConfigNode> items = parent.list(key);
    if (items.isEmpty()) {
      parent.problem(parent.has(key) ? key : null, "'" + key + "' is required: a list of at least one action ("
          + ActionReader.ACTIONS + ")");
    }
    List<Action> actions = new ArrayList<>();
    List<String> contextKeys = new ArrayList<>();
    for (ConfigNode item : items) {
      ConfigMap m = item.asMap();
      Action a = ActionReader.read(m);
      if (a != null) {
        actions.add(a);
      }
      if (a instanceof PutAction p && p.contextKey() != null) {
        contextKeys.add(p.contextKey());
      }
    }
    return new AttributeActions(actions, contextKeys);
  }

  /** Applies every action, in order, to the attributes {@code attrs} is on. */
  public void apply(AttributeEditor attrs) {
    for (int i = 0, n = actions.size(); i < n; i++) {
      actions.get(i).apply(attrs);
    }
  }

  public int size() {
    return actions.size();
  }

  /** The {@code from_context} keys the actions read (which resolve to nothing in this relay yet). */
  public List<String> contextKeys() {
    return contextKeys;
  }
}
