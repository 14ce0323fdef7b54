package dev.relay.config;

import java.util.HashSet;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * What every node of one loaded configuration shares: where faults go, how variables expand, which unset variables
 * were already reported, and (for tests; null otherwise) where the paths of the keys asked for are recorded. A node
 * knows its own file (the label of its start mark), so the nodes of several merged files report where they came from.
 */
record LoadContext(Problems problems, EnvExpander expander, Set<String> keysAsked, Set<String> unsetReported) {
  /** The file name of values given with {@code --set}: they have no line. */
  static final String SET_FLAG = "--set";

  LoadContext(Problems problems, EnvExpander expander, Set<String> keysAsked) {
    this(problems, expander, keysAsked, new HashSet<>());
  }

  void asked(String keyPath) {
    if (keysAsked != null) {
      keysAsked.add(keyPath);
    }
  }

  /** Expands {@code text} read at {@code node}; warns once per variable that is unset and so became empty. */
  String expand(String text, Node node, String path) {
    boolean whole = EnvExpander.isWholeReference(text);
    return expander.expand(text, name -> {
      if (unsetReported.add(name)) {
        problems.warn(fileOf(node), lineOf(node), path, "environment variable " + name + " is not set; "
            + (whole ? "the key counts as given without a value, so its default applies"
                : "it expands to an empty string")
            + " (give a default with ${env:" + name + ":-default})");
      }
    });
  }

  static int lineOf(Node node) {
    if (node == null) {
      return 0;
    }
    return node.getStartMark().filter(m -> !SET_FLAG.equals(m.getName())).map(m -> m.getLine() + 1).orElse(0);
  }

  /** The file {@code node} was read from; null when unknown (the problems' own file is meant). */
  static String fileOf(Node node) {
    return node == null ? null : node.getStartMark().map(Mark::getName).orElse(null);
  }
}
