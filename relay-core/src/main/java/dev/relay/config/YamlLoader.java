package dev.relay.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/** Reads a YAML file into a {@link ConfigMap} whose nodes know their lines. */
public final class YamlLoader {
  private final Function<String, String> env;
  private final Set<String> keysAsked;

  public YamlLoader(Function<String, String> env) {
    this(env, null);
  }

  private YamlLoader(Function<String, String> env, Set<String> keysAsked) {
    this.env = env;
    this.keysAsked = keysAsked;
  }

  /**
   * A loader like this one that adds to {@code into} the dotted path of every key any map of what it loads is asked
   * for, present or not (list items as {@code [i]}: {@code routes[0].match}): the keys its readers accept. For tests
   * that hold documentation to the code.
   */
  public YamlLoader recordingKeysAsked(Set<String> into) {
    return new YamlLoader(env, into);
  }

  public static YamlLoader withSystemEnv() {
    Map<String, String> sys = System.getenv();
    return new YamlLoader(sys::get);
  }

  /** Loads {@code file}; syntax faults are recorded in the returned problems' owner and yield an empty map. */
  public ConfigMap load(Path file, Problems problems) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      problems.add(0, "", "no such file");
      return empty(problems);
    } catch (IOException e) {
      problems.add(0, "", "cannot read file: " + e.getMessage());
      return empty(problems);
    }
    return parse(text, problems);
  }

  public ConfigMap parse(String text, Problems problems) {
    LoadContext ctx = new LoadContext(problems, new EnvExpander(env), keysAsked);
    LoadSettings settings = LoadSettings.builder().setLabel(problems.file()).build();
    try {
      Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
      Optional<Node> root = composer.getSingleNode();
      if (root.isEmpty()) {
        return new ConfigMap(null, "", ctx, 1);
      }
      return new ConfigNode(root.get(), "", ctx).asMap();
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      problems.add(line, "", "invalid YAML: " + e.getProblem());
    } catch (YamlEngineException e) {
      problems.add(0, "", "invalid YAML: " + e.getMessage());
    }
    return new ConfigMap(null, "", ctx, 1);
  }

  private ConfigMap empty(Problems problems) {
    return new ConfigMap(null, "", new LoadContext(problems, new EnvExpander(env), keysAsked), 0);
  }
}
