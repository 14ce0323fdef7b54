package dev.relay.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads YAML into a {@link ConfigMap} whose nodes know their file and line: one file, or several merged in order
 * with {@code --set} values after them, as the Collector's {@code --config} and {@code --set} do.
 */
public final class YamlLoader {
  private final Function<String, String> env;
  private final Set<String> keysAsked;
  private final boolean strictEnv;

  public YamlLoader(Function<String, String> env) {
    this(env, null, false);
  }

  private YamlLoader(Function<String, String> env, Set<String> keysAsked, boolean strictEnv) {
    this.env = env;
    this.keysAsked = keysAsked;
    this.strictEnv = strictEnv;
  }

  /**
   * A loader like this one that adds to {@code into} the dotted path of every key any map of what it loads is asked
   * for, present or not (list items as {@code [i]}: {@code routes[0].match}): the keys its readers accept. For tests
   * that hold documentation to the code.
   */
  public YamlLoader recordingKeysAsked(Set<String> into) {
    return new YamlLoader(env, into, strictEnv);
  }

  /**
   * A loader like this one for which an unset variable without a default is a fault ({@code relay validate
   * --strict-env}), as it was before Relay followed the Collector, which expands it to an empty string.
   */
  public YamlLoader strictEnv(boolean strict) {
    return new YamlLoader(env, keysAsked, strict);
  }

  public static YamlLoader withSystemEnv() {
    Map<String, String> sys = System.getenv();
    return new YamlLoader(sys::get);
  }

  /** Loads {@code file}; syntax faults are recorded in the returned problems' owner and yield an empty map. */
  public ConfigMap load(Path file, Problems problems) {
    return load(List.of(file), List.of(), problems);
  }

  /**
   * Loads {@code files} merged in order (maps merge deeply, a later list or value replaces an earlier one), then
   * each of {@code sets} ({@code key.path=value}) over them. Each node keeps the file it came from, for faults.
   */
  public ConfigMap load(List<Path> files, List<String> sets, Problems problems) {
    Node root = null;
    for (Path file : files) {
      String text = read(file, problems);
      if (text == null) {
        continue;
      }
      root = NodeMerge.merge(root, compose(text, file.toString(), problems));
    }
    for (String set : sets) {
      try {
        root = NodeMerge.merge(root, SetFlag.parse(set));
      } catch (IllegalArgumentException e) {
        problems.add(LoadContext.SET_FLAG, 0, "", e.getMessage());
      }
    }
    return root(root, problems);
  }

  public ConfigMap parse(String text, Problems problems) {
    return root(compose(text, problems.file(), problems), problems);
  }

  private static String read(Path file, Problems problems) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      problems.add(file.toString(), 0, "", "no such file");
    } catch (IOException e) {
      problems.add(file.toString(), 0, "", "cannot read file: " + e.getMessage());
    }
    return null;
  }

  /** The document's root node, labelled {@code name} for its marks; null (and a fault) when it is not YAML. */
  private static Node compose(String text, String name, Problems problems) {
    LoadSettings settings = LoadSettings.builder().setLabel(name).build();
    try {
      Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
      Node root = composer.getSingleNode().orElse(null);
      Node inItself = root == null ? null : RecursiveAliases.find(root);
      if (inItself != null) {
        int line = inItself.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        problems.add(name, line, "", "an alias inside the node its anchor names: the value would contain itself");
        return null;
      }
      return root;
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      problems.add(name, line, "", "invalid YAML: " + e.getProblem());
    } catch (YamlEngineException e) {
      problems.add(name, 0, "", "invalid YAML: " + e.getMessage());
    }
    return null;
  }

  private ConfigMap root(Node root, Problems problems) {
    LoadContext ctx = new LoadContext(problems, new EnvExpander(env, strictEnv), keysAsked);
    return root == null ? new ConfigMap(null, "", ctx, null, 1) : new ConfigNode(root, "", ctx).asMap();
  }
}
