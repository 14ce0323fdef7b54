package dev.relay.config;

import org.snakeyaml.engine.v2.nodes.Node;

/** What every node of one loaded file shares: where faults go and how variables expand. */
record LoadContext(Problems problems, EnvExpander expander) {
  static int lineOf(Node node) {
    return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }
}
