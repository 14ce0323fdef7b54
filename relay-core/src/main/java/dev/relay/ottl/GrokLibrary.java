package dev.relay.ottl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The grok pattern library contrib's {@code ExtractGrokPatterns} starts from (elastic/go-grok's complete set), read
 * from {@code grok-patterns.txt} once per process, the first time a grok statement is compiled.
 */
final class GrokLibrary {
  private GrokLibrary() {}

  /** The definition of a library pattern, or null when there is none of that name. */
  static String lookup(String name) {
    return Holder.PATTERNS.get(name);
  }

  private static final class Holder {
    static final Map<String, String> PATTERNS = load();
  }

  private static Map<String, String> load() {
    Map<String, String> patterns = new HashMap<>();
    try (InputStream in = GrokLibrary.class.getResourceAsStream("grok-patterns.txt")) {
      if (in == null) {
        throw new IllegalStateException("grok-patterns.txt is missing from the class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        int space = line.indexOf(' ');
        if (line.isEmpty() || line.startsWith("#") || space < 0) {
          continue;
        }
        patterns.put(line.substring(0, space), line.substring(space + 1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(patterns);
  }
}
