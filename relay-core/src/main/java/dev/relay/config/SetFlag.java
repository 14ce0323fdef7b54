package dev.relay.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * One {@code --set key.path=value}, as the Collector's flag: the dotted path names nested keys, and the value is
 * YAML ({@code 2s}, {@code [a, b]}, {@code {k: v}}), trimmed. It becomes a configuration of that one key, merged after
 * the files. Its nodes are labelled {@value LoadContext#SET_FLAG}, so faults in it name {@code --set} instead of a file.
 */
final class SetFlag {
  private SetFlag() {}

  /**
   * The configuration {@code flag} stands for; throws {@link IllegalArgumentException} when it is malformed. A
   * message quotes the key path only, never the value: it may be a password or token given on the command line.
   */
  static Node parse(String flag) {
    int eq = flag.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException((looksLikeKeyPath(flag) ? "'" + flag + "'" : "a --set flag")
          + " has no '=' (write --set key.path=value)");
    }
    String key = flag.substring(0, eq).trim();
    String[] segments = key.split("\\.", -1);
    for (String s : segments) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("'" + key + "' is not a dotted key path (write --set key.path=value)");
      }
    }
    LoadSettings settings = LoadSettings.builder().setLabel(LoadContext.SET_FLAG).build();
    String text = flag.substring(eq + 1).trim();
    Node value;
    try {
      value = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text))).getSingleNode()
          .orElse(null);
    } catch (RuntimeException e) {
      // Not the parser's message: it quotes the value.
      throw new IllegalArgumentException("'" + key + "': the value is not one YAML value");
    }
    if (value != null && RecursiveAliases.find(value) != null) {
      throw new IllegalArgumentException("'" + key + "': an alias inside the node its anchor names: the value would"
          + " contain itself");
    }
    Optional<Mark> mark = Optional.of(new Mark(LoadContext.SET_FLAG, 0, 0, 0, new int[0], 0));
    if (value == null) {
      value = new ScalarNode(Tag.NULL, true, "", ScalarStyle.PLAIN, mark, mark);
    }
    for (int i = segments.length - 1; i >= 0; i--) {
      List<NodeTuple> one = new ArrayList<>(1);
      one.add(new NodeTuple(new ScalarNode(Tag.STR, true, segments[i], ScalarStyle.PLAIN, mark, mark), value));
      value = new MappingNode(Tag.MAP, true, one, FlowStyle.BLOCK, mark, mark);
    }
    return value;
  }

  /** Letters, digits and {@code . _ - /} only: a key path, safe to quote, not a value typed in its place. */
  private static boolean looksLikeKeyPath(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '/')) {
        return false;
      }
    }
    return !text.isEmpty();
  }
}
