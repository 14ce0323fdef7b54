package dev.relay.config;

import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * What every node of one loaded file shares: where faults go, how variables expand, and (for tests; null
 * otherwise) where the paths of the keys asked for are recorded.
 */
record LoadContext(Problems problems, EnvExpander expander, Set<String> keysAsked) {
  void asked(String keyPath) {
    if (keysAsked != null) {
      keysAsked.add(keyPath);
    }
  }

  static int lineOf(Node node) {
    return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }
}
