package dev.relay.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Finds an alias used inside the node its anchor names ({@code a: &a [*a]}): YAML composes it into a node that
 * contains itself, which no config can mean and every walk of the tree would follow for ever. Walked without
 * recursion, each node once, so neither a deep document nor many aliases of one node cost more than its size.
 */
final class RecursiveAliases {
  private RecursiveAliases() {}

  /** The first node found inside itself, or null. */
  static Node find(Node root) {
    Set<Node> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(root));
    onPath.add(root);
    visited.add(root);
    while (!stack.isEmpty()) {
      Frame top = stack.peek();
      if (top.next < top.children.size()) {
        Node child = top.children.get(top.next++);
        if (onPath.contains(child)) {
          return child;
        }
        if (visited.add(child)) {
          onPath.add(child);
          stack.push(new Frame(child));
        }
      } else {
        stack.pop();
        onPath.remove(top.node);
      }
    }
    return null;
  }

  private static final class Frame {
    final Node node;
    final List<Node> children;
    int next;

    Frame(Node node) {
      this.node = node;
      this.children = children(node);
    }
  }

  private static List<Node> children(Node node) {
    if (node instanceof SequenceNode s) {
      return s.getValue();
    }
    if (node instanceof MappingNode m) {
      List<Node> out = new ArrayList<>(m.getValue().size() * 2);
      for (NodeTuple t : m.getValue()) {
        out.add(t.getKeyNode());
        out.add(t.getValueNode());
      }
      return out;
    }
    return List.of();
  }
}
