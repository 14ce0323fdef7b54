package dev.relay.ottl;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * OTTL regexes are Go RE2 syntax, and run on RE2/J, a port of Go's engine: the same dialect ({@code $} is the very
 * end without {@code (?m)}, {@code \s} is {@code [\t\n\f\r ]}, {@code (?U)} is ungreedy, no lookaround or
 * backreferences), and matching in time linear in the input, so no pattern can stall the relay. Patterns compile
 * once, when the config is loaded; an invalid one is reported with Go's message.
 */
public final class Regexes {
  private Regexes() {}

  /** Compiles an RE2 pattern once, or says, as Go would, why it is not one. */
  public static Pattern compile(String re2, String function) throws OttlException {
    try {
      return Pattern.compile(re2);
    } catch (PatternSyntaxException e) {
      throw new OttlException(function + ": invalid regular expression \"" + re2 + "\": " + e.getDescription()
          + detail(e.getMessage()));
    }
  }

  /** The part of RE2/J's message that quotes the offending text, e.g. {@code : `(?=`}. */
  private static String detail(String message) {
    int at = message == null ? -1 : message.lastIndexOf(": `");
    return at < 0 ? "" : message.substring(at);
  }

  /**
   * The literal prefixes that an anchored pattern of literals stands for, or null for any other pattern: for
   * {@code ^gateway\.} one prefix, for {@code ^(gateway|policy)\.} (or {@code (?:...)}) two. Finding such a
   * pattern in a text is the same as the text starting with one of them, which needs no matcher. The prefixes are
   * ASCII only, so {@code IsMatch} may compare them with UTF-8 bytes as they are.
   */
  static String[] literalPrefixes(String re2) {
    if (!re2.startsWith("^")) {
      return null;
    }
    int[] at = {1};
    java.util.List<String> alternatives = new java.util.ArrayList<>();
    if (at[0] < re2.length() && re2.charAt(at[0]) == '(') {
      at[0]++;
      if (re2.startsWith("?:", at[0])) {
        at[0] += 2;
      }
      while (true) {
        String lit = literal(re2, at);
        if (lit == null) {
          return null;
        }
        alternatives.add(lit);
        if (at[0] < re2.length() && re2.charAt(at[0]) == '|') {
          at[0]++;
          continue;
        }
        if (at[0] < re2.length() && re2.charAt(at[0]) == ')') {
          at[0]++;
          break;
        }
        return null;
      }
    } else {
      alternatives.add("");
    }
    String tail = at[0] < re2.length() ? literal(re2, at) : "";
    if (tail == null || at[0] != re2.length()) {
      return null;
    }
    String[] out = new String[alternatives.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = alternatives.get(i) + tail;
    }
    return out[0].isEmpty() ? null : out;
  }

  /** A run of plain characters and escaped punctuation from {@code at[0]}; null when there is none. */
  private static String literal(String re, int[] at) {
    StringBuilder sb = new StringBuilder();
    int i = at[0];
    while (i < re.length()) {
      char c = re.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
          || c == ':' || c == '/' || c == '=' || c == '@' || c == ' ') {
        sb.append(c);
        i++;
      } else if (c == '\\' && i + 1 < re.length() && ".-/:_@=".indexOf(re.charAt(i + 1)) >= 0) {
        sb.append(re.charAt(i + 1));
        i += 2;
      } else {
        break;
      }
    }
    if (sb.length() == 0) {
      return null;
    }
    at[0] = i;
    return sb.toString();
  }

  /** Whether {@code pattern} matches somewhere in {@code text}, as Go's {@code MatchString}. */
  public static boolean find(Pattern pattern, String text) {
    return pattern.matcher(text).find();
  }

  /** Whether {@code pattern} matches all of {@code text}. */
  public static boolean matches(Pattern pattern, String text) {
    return pattern.matcher(text).matches();
  }

  /** A matcher over {@code text}. */
  public static Matcher matcher(Pattern pattern, String text) {
    return pattern.matcher(text);
  }
}
