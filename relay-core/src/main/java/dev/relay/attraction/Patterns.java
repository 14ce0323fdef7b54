package dev.relay.attraction;

import dev.relay.config.ConfigNode;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.ottl.Regexes;
import dev.relay.telemetry.ThrottlingLogger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RE2 patterns from config, compiled once with OTTL's rules ({@link Regexes}: what Java would run differently is a
 * fault), and run under its work budget. Go's {@code MatchString} finds a match anywhere in the text, and so does
 * {@link #find}. A match that runs over its budget counts as no match, and is logged (throttled).
 */
public final class Patterns {
  private static final Logger LOG = LoggerFactory.getLogger(Patterns.class);
  private static final ThrottlingLogger THROTTLED = new ThrottlingLogger(LOG);

  private Patterns() {}

  /** Compiles the pattern in {@code node}; null (and a fault on the node) when it is not valid RE2. */
  public static Pattern compile(ConfigNode node, String re2) {
    return compile(node, re2, re2);
  }

  /** As {@link #compile(ConfigNode, String)}, for {@code re2} rewritten from {@code written}, which faults show. */
  static Pattern compile(ConfigNode node, String re2, String written) {
    try {
      return Regexes.compile(re2, "pattern");
    } catch (OttlException e) {
      node.problem(e.getMessage().replaceFirst("^pattern: ", "").replace('"' + re2 + '"', '"' + written + '"'));
      return null;
    }
  }

  /** Whether {@code pattern} matches somewhere in {@code text}. */
  public static boolean find(Pattern pattern, String text) {
    try {
      return Regexes.find(pattern, text);
    } catch (OttlRuntimeException e) {
      THROTTLED.warn("pattern " + pattern + " counted as not matching: " + e.getMessage());
      return false;
    }
  }

  /** A matcher that has found {@code pattern} in {@code text}, or null when there is no match (or it ran too long). */
  static Matcher findIn(Pattern pattern, String text) {
    try {
      Matcher m = Regexes.matcher(pattern, text);
      return m.find() ? m : null;
    } catch (OttlRuntimeException e) {
      THROTTLED.warn("pattern " + pattern + " counted as not matching: " + e.getMessage());
      return null;
    } catch (StackOverflowError e) {
      THROTTLED.warn("pattern " + pattern + " counted as not matching: " + Regexes.tooDeep(text).getMessage());
      return null;
    }
  }
}
