package dev.relay.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ## Keys} table of a doc page: the first column holds each key as a dotted path in backquotes
 * ({@code sending_queue.queue_size}), where {@code name[]} is a list of maps ({@code routes[].match}) and {@code *}
 * stands for any one name ({@code service.pipelines.*.receivers}); the second holds its type. A {@code map of …}
 * takes keys of the user's choosing; a plain {@code map} takes the keys documented under it.
 */
final class DocKeys {
  private static final Set<String> TYPES =
      Set.of("string", "int", "float", "bool", "duration", "list", "list of strings", "map", "string or map");
  private static final Pattern KEY_CELL = Pattern.compile("`([a-z_*\\[\\].]+)`");
  /** What {@code *} becomes in the generated config: in these docs it stands for a pipeline id. */
  private static final String ANY_NAME = "traces";

  private final Path file;
  private final Map<String, String> types;

  private DocKeys(Path file, Map<String, String> types) {
    this.file = file;
    this.types = types;
  }

  static DocKeys read(Path file) throws IOException {
    Map<String, String> types = new LinkedHashMap<>();
    boolean inKeys = false;
    boolean header = false; // a table with a header and no rows is a type that takes no keys (nop)
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith("## ")) {
        inKeys = line.equals("## Keys");
        continue;
      }
      header |= inKeys && line.startsWith("| key |");
      if (!inKeys || !line.startsWith("|") || line.startsWith("| key |") || line.startsWith("|---")) {
        continue;
      }
      String[] cells = line.split("\\|", -1);
      Matcher key = KEY_CELL.matcher(cells[1].trim());
      String type = cells.length > 2 ? cells[2].trim() : "";
      if (!key.matches()) {
        throw new IllegalStateException(file + ": a keys row must start with one key in backquotes: " + line);
      }
      if (!TYPES.contains(type) && !type.startsWith("map of ")) {
        throw new IllegalStateException(file + ": unknown type '" + type + "' for " + key.group(1) + " (known: "
            + TYPES + ", map of …)");
      }
      if (types.put(key.group(1), type) != null) {
        throw new IllegalStateException(file + ": " + key.group(1) + " is documented twice");
      }
    }
    if (!header) {
      throw new IllegalStateException(file + " has no '## Keys' table");
    }
    return new DocKeys(file, types);
  }

  Path file() {
    return file;
  }

  /** A config holding every documented key, each with a value of its type (valid or not: only keys matter). */
  String yaml() {
    Node root = new Node();
    types.forEach((key, type) -> {
      Node n = root;
      for (String segment : key.split("\\.")) {
        boolean list = segment.endsWith("[]");
        String name = segment.replace("[]", "").replace("*", ANY_NAME);
        n = n.children.computeIfAbsent(name, k -> new Node());
        n.list |= list;
      }
      n.type = type;
    });
    return root.render();
  }

  /** Whether the documentation names {@code asked} (list indexes written {@code []}), or lets the user choose it. */
  boolean covers(String asked) {
    for (Map.Entry<String, String> e : types.entrySet()) {
      String key = e.getKey();
      if (matches(key, asked) || isPrefixOf(asked, key)) {
        return true;
      }
      if (e.getValue().startsWith("map of ") && asked.length() > key.length()
          && matches(key, asked.substring(0, key.length())) && ".[".indexOf(asked.charAt(key.length())) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** The documented keys that no reader asked for. */
  List<String> unasked(Set<String> asked) {
    List<String> out = new ArrayList<>();
    for (String key : types.keySet()) {
      if (asked.stream().noneMatch(a -> matches(key, a))) {
        out.add(key);
      }
    }
    return out;
  }

  /** {@code routes[0].match} as {@code routes[].match}. */
  static String normalize(String askedPath) {
    return askedPath.replaceAll("\\[\\d+]", "[]");
  }

  private static boolean matches(String key, String path) {
    String[] k = key.split("\\.");
    String[] p = path.split("\\.");
    if (k.length != p.length) {
      return false;
    }
    for (int i = 0; i < k.length; i++) {
      if (!k[i].equals(p[i]) && !k[i].equals("*")) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code path} leads to {@code key}: {@code routes} and {@code routes[]} lead to {@code routes[].match}. */
  private static boolean isPrefixOf(String path, String key) {
    String[] k = key.split("\\.");
    for (int n = 1; n < k.length; n++) {
      String head = String.join(".", java.util.Arrays.copyOf(k, n));
      if (matches(head, path) || (head.endsWith("[]") && matches(head.substring(0, head.length() - 2), path))) {
        return true;
      }
    }
    return false;
  }

  /** One key of the generated config. */
  private static final class Node {
    final Map<String, Node> children = new LinkedHashMap<>();
    boolean list;
    String type = "map";

    String render() {
      if (!children.isEmpty()) {
        StringBuilder map = new StringBuilder("{");
        children.forEach((name, child) -> {
          map.append(map.length() > 1 ? ", " : "").append(name).append(": ").append(child.render());
        });
        map.append('}');
        return list ? "[" + map + "]" : map.toString();
      }
      return switch (type) {
        case "int" -> "'1'";
        case "float" -> "'0.5'";
        case "bool" -> "'false'";
        case "duration" -> "'1s'";
        case "list", "list of strings" -> "['x']";
        case "string", "string or map" -> "'x'";
        default -> "{}"; // map, map of …
      };
    }
  }
}
