package dev.relay.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Expands references in a scalar as the Collector's resolver does: {@code ${env:VAR}}, bare {@code ${VAR}} (the
 * same), {@code ${env:VAR:-default}} (the default when {@code VAR} is unset; an empty {@code VAR} stays empty), and
 * {@code ${file:path}} (the file's text, read as one YAML value). References nest, innermost first
 * ({@code ${file:${env:DIR}/token}}); {@code $$} stands for a literal {@code $}. A variable that is unset and has no
 * default expands to an empty string and is reported to the caller, or, when strict, is a fault. A value that is one
 * reference expanding to nothing counts as no value ({@link #isWholeReference}).
 */
final class EnvExpander {
  private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Function<String, String> env;
  private final boolean strict;

  EnvExpander(Function<String, String> env) {
    this(env, false);
  }

  EnvExpander(Function<String, String> env, boolean strict) {
    this.env = env;
    this.strict = strict;
  }

  /** The environment the references read: name to value, null when unset. */
  Function<String, String> env() {
    return env;
  }

  /** {@link #expand(String, Consumer)} for text where no variable may be unset silently (tests). */
  String expand(String text) {
    return expand(text, name -> { });
  }

  /**
   * Returns the expanded text, or throws {@link IllegalArgumentException} with a message naming the fault.
   * {@code unset} hears the name of each variable that is unset, has no default, and so became empty.
   */
  String expand(String text, Consumer<String> unset) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (c == '$' && next == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && next == '{') {
        int close = closingBrace(text, i + 2);
        if (close < 0) {
          throw new IllegalArgumentException("unterminated '${' in \"" + text + "\"");
        }
        String ref = expand(text.substring(i + 2, close), unset);
        out.append(resolve(ref, unset));
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * Whether {@code text} is one reference and nothing else ({@code ${env:X}}). Such a value that expands to nothing
   * is no value at all, as in the Collector: the key counts as given without a value, so its default applies.
   */
  static boolean isWholeReference(String text) {
    return text.startsWith("${") && closingBrace(text, 2) == text.length() - 1;
  }

  /** The index of the '}' that closes a reference whose body starts at {@code from}; nested ones count. */
  private static int closingBrace(String text, int from) {
    int depth = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        i++;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        depth++;
        i++;
      } else if (c == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
    }
    return -1;
  }

  private String resolve(String ref, Consumer<String> unset) {
    int colon = ref.indexOf(':');
    if (colon < 0) {
      return env(ref, ref, unset);
    }
    String scheme = ref.substring(0, colon);
    String body = ref.substring(colon + 1);
    return switch (scheme) {
      case "env" -> env(ref, body, unset);
      case "file" -> file(body);
      default -> throw new IllegalArgumentException(VAR_NAME.matcher(scheme).matches() && body.startsWith("-")
          ? "unsupported reference '${" + ref + "}': a default needs the env scheme, as in ${env:" + ref + "}"
          : "unsupported reference '${" + ref + "}': Relay reads ${env:VAR}, ${VAR}, ${env:VAR:-default} and"
              + " ${file:path}");
    };
  }

  private String env(String ref, String body, Consumer<String> unset) {
    String name = body;
    String fallback = null;
    int sep = body.indexOf(":-");
    if (sep >= 0) {
      name = body.substring(0, sep);
      fallback = body.substring(sep + 2);
    }
    if (!VAR_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid environment variable name '" + name + "' in '${" + ref + "}'");
    }
    String value = env.apply(name);
    if (value != null) {
      return value;
    }
    if (fallback != null) {
      return fallback;
    }
    if (strict) {
      throw new IllegalArgumentException("environment variable " + name + " is not set and '${" + ref
          + "}' has no default (write ${env:" + name + ":-default})");
    }
    unset.accept(name);
    return "";
  }

  /** The file's text as one YAML value: a scalar's text without quotes or the final line break. */
  private static String file(String path) {
    String text;
    try {
      text = Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("cannot read '${file:" + path + "}': no such file");
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read '${file:" + path + "}': " + e.getMessage());
    }
    LoadSettings settings = LoadSettings.builder().setLabel(path).build();
    Optional<Node> node;
    try {
      node = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text))).getSingleNode();
    } catch (YamlEngineException e) {
      // The parser's message quotes the offending line, and the file is most likely a secret: say only where.
      String where = e instanceof org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException m
          && m.getProblemMark().isPresent()
          ? " (line " + (m.getProblemMark().get().getLine() + 1) + ", column "
              + (m.getProblemMark().get().getColumn() + 1) + ")"
          : "";
      throw new IllegalArgumentException("'${file:" + path + "}' is not one YAML value" + where);
    }
    if (node.isPresent() && RecursiveAliases.find(node.get()) != null) {
      throw new IllegalArgumentException("'${file:" + path + "}': an alias inside the node its anchor names");
    }
    if (node.isEmpty() || (node.get() instanceof ScalarNode s && Tag.NULL.equals(s.getTag()) && s.isPlain()
        && s.getValue().isEmpty())) {
      return "";
    }
    if (node.get() instanceof ScalarNode s) {
      return s.getValue();
    }
    throw new IllegalArgumentException("'${file:" + path + "}' holds a mapping or a list; Relay takes one value"
        + " from a file reference");
  }
}
