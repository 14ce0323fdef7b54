package dev.relay.config;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Merges configurations as the Collector's confmap does: maps merge key by key, deeply; anything else (a list, a
 * value, an empty key) in the later configuration replaces the earlier one. The nodes keep their marks, so each value
 * still knows the file and line it came from.
 */
final class NodeMerge {
  private NodeMerge() {}

  static Node merge(Node base, Node over) {
    if (base == null) {
      return over;
    }
    if (over == null) {
      return base;
    }
    if (!(base instanceof MappingNode b) || !(over instanceof MappingNode o)) {
      return over;
    }
    List<NodeTuple> out = new ArrayList<>(b.getValue());
    for (NodeTuple t : o.getValue()) {
      int at = indexOf(out, t.getKeyNode());
      if (at < 0) {
        out.add(t);
      } else {
        out.set(at, new NodeTuple(t.getKeyNode(), merge(out.get(at).getValueNode(), t.getValueNode())));
      }
    }
    return new MappingNode(b.getTag(), true, out, b.getFlowStyle(), b.getStartMark(), b.getEndMark());
  }

  private static int indexOf(List<NodeTuple> tuples, Node key) {
    if (!(key instanceof ScalarNode k)) {
      return -1;
    }
    for (int i = 0; i < tuples.size(); i++) {
      if (tuples.get(i).getKeyNode() instanceof ScalarNode s && s.getValue().equals(k.getValue())) {
        return i;
      }
    }
    return -1;
  }
}
