package dev.relay.attraction;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.relay.config.ConfigNode;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Regexes;

/**
 * RE2 patterns from config, compiled once as OTTL compiles its own ({@link Regexes}, RE2/J): the Collector's
 * dialect, linear-time matching. Go's {@code MatchString} finds a match anywhere in the text, and so does
 * {@link #find}.
 */
public final class Patterns {
  private Patterns() {}

  /** Compiles the pattern in {@code node}; null (and a fault on the node) when it is not valid RE2. */
  public static Pattern compile(ConfigNode node, String re2) {
    try {
      return Regexes.compile(re2, "pattern");
    } catch (OttlException e) {
      node.problem(e.getMessage().replaceFirst("^pattern: ", ""));
      return null;
    }
  }

  /** Whether {@code pattern} matches somewhere in {@code text}. */
  public static boolean find(Pattern pattern, String text) {
    return Regexes.find(pattern, text);
  }

  /** A matcher that has found {@code pattern} in {@code text}, or null when there is no match. */
  static Matcher findIn(Pattern pattern, String text) {
    Matcher m = Regexes.matcher(pattern, text);
    return m.find() ? m : null;
  }
}
