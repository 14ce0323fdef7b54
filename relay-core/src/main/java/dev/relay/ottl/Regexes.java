package dev.relay.ottl;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * OTTL regexes are Go RE2 syntax; this relay runs them on {@link java.util.regex}. Compiling translates what has a
 * Java spelling ({@code (?P<name>...)}, POSIX classes like {@code [[:alpha:]]}) and rejects what Java would accept
 * but run differently (lookaround, atomic groups, possessive quantifiers, backreferences, class intersections,
 * {@code (?U)}, Java-only escapes). Java backtracks where RE2 cannot, so every match runs under a work budget: a
 * pathological pattern fails that one evaluation instead of hanging the relay.
 */
public final class Regexes {
  /** Steps (character reads) a match may take: proportional to the input, with a floor for short inputs. */
  static final long BUDGET_FLOOR = 10_000;
  static final long BUDGET_PER_CHAR = 100;

  private static final Map<String, String> POSIX = Map.ofEntries(
      Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"),
      Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "0-9"),
      Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "a-z"), Map.entry("print", "\\p{Print}"),
      Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\t\\n\\x0B\\f\\r "), Map.entry("upper", "A-Z"),
      Map.entry("word", "\\w"), Map.entry("xdigit", "0-9A-Fa-f"));

  private Regexes() {}

  /** Compiles an RE2 pattern once, or explains why it cannot be run with the same meaning. */
  public static Pattern compile(String re2, String function) throws OttlException {
    String java = translate(re2, function);
    try {
      // UNIX_LINES: only \n ends a line, as in Go (Java would also count \r, \u0085, \u2028, \u2029).
      // UNICODE_CASE: (?i) folds non-ASCII letters too, as RE2 does.
      return Pattern.compile(java, Pattern.UNIX_LINES | Pattern.UNICODE_CASE);
    } catch (PatternSyntaxException e) {
      throw new OttlException(function + ": invalid regular expression \"" + re2 + "\": " + e.getDescription());
    }
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

  /** A matcher over {@code text} that fails with {@link OttlRuntimeException} once it works too long. */
  public static Matcher matcher(Pattern pattern, String text) {
    return pattern.matcher(new BudgetedText(text, BUDGET_FLOOR + BUDGET_PER_CHAR * text.length()));
  }

  /** Whether {@code pattern} matches somewhere in {@code text}, under the work budget. */
  public static boolean find(Pattern pattern, String text) {
    try {
      return matcher(pattern, text).find();
    } catch (StackOverflowError e) {
      throw tooDeep(text);
    }
  }

  /** Whether {@code pattern} matches all of {@code text}, under the work budget. */
  public static boolean matches(Pattern pattern, String text) {
    try {
      return matcher(pattern, text).matches();
    } catch (StackOverflowError e) {
      throw tooDeep(text);
    }
  }

  /**
   * Java's engine recurses once per repetition of some groups (e.g. {@code (a|b)*}), so a long input can overflow
   * the stack where RE2 would not: that one evaluation fails, like one over its work budget.
   */
  public static OttlRuntimeException tooDeep(String text) {
    return new OttlRuntimeException("regular expression recursed too deeply on a " + text.length()
        + "-character value");
  }

  static String translate(String re, String function) throws OttlException {
    StringBuilder out = new StringBuilder(re.length() + 8);
    boolean inClass = false;
    int i = 0;
    while (i < re.length()) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 >= re.length()) {
          throw bad(function, re, "it ends with a lone backslash");
        }
        char e = re.charAt(i + 1);
        if (e >= '1' && e <= '9') {
          throw bad(function, re, "backreferences (\\" + e + ") are not RE2");
        }
        if ("kGZRXhHvVec".indexOf(e) >= 0) {
          throw bad(function, re, "\\" + e + " is Java-only syntax or means something else in RE2");
        }
        if ((e == 'p' || e == 'P') && re.startsWith("{java", i + 2)) {
          throw bad(function, re, "\\" + e + "{java...} classes are Java-only");
        }
        out.append(c).append(e);
        i += 2;
        continue;
      }
      if (inClass) {
        if (c == '[' && re.startsWith("[:", i)) {
          int close = re.indexOf(":]", i + 2);
          String name = close < 0 ? null : re.substring(i + 2, close);
          boolean negated = name != null && name.startsWith("^");
          String cls = name == null ? null : POSIX.get(negated ? name.substring(1) : name);
          if (cls == null || negated) {
            throw bad(function, re, "unsupported POSIX class at position " + (i + 1));
          }
          out.append(cls);
          i = close + 2;
          continue;
        }
        if (c == '[') {
          throw bad(function, re, "nested character classes are Java-only (escape '[' inside a class)");
        }
        if (c == '&' && re.startsWith("&&", i)) {
          throw bad(function, re, "class intersection (&&) is Java-only");
        }
        if (c == ']') {
          inClass = false;
        }
        out.append(c);
        i++;
        continue;
      }
      if (c == '[') {
        inClass = true;
        out.append(c);
        i++;
        // a ']' right after '[' or '[^' is a literal in both dialects
        if (i < re.length() && re.charAt(i) == '^') {
          out.append('^');
          i++;
        }
        if (i < re.length() && re.charAt(i) == ']') {
          out.append("\\]");
          i++;
        }
        continue;
      }
      if (c == '(' && re.startsWith("(?", i)) {
        if (re.startsWith("(?P<", i)) {
          out.append("(?<");
          i += 4;
          continue;
        }
        if (re.startsWith("(?=", i) || re.startsWith("(?!", i) || re.startsWith("(?<=", i)
            || re.startsWith("(?<!", i)) {
          throw bad(function, re, "lookaround is not RE2");
        }
        if (re.startsWith("(?>", i)) {
          throw bad(function, re, "atomic groups are not RE2");
        }
        int j = i + 2;
        while (j < re.length() && Character.isLetter(re.charAt(j)) || j < re.length() && re.charAt(j) == '-') {
          if (re.charAt(j) == 'U') {
            throw bad(function, re, "the U flag means 'ungreedy' in RE2 but 'Unicode classes' in Java");
          }
          if ("imsU-".indexOf(re.charAt(j)) < 0) {
            throw bad(function, re, "flag '" + re.charAt(j) + "' is not RE2 (RE2 has i, m, s, U)");
          }
          j++;
        }
      }
      if ((c == '+' || c == '*' || c == '?' || c == '}') && i + 1 < re.length() && re.charAt(i + 1) == '+') {
        throw bad(function, re, "possessive quantifiers (" + c + "+) are not RE2");
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static OttlException bad(String function, String re, String why) {
    return new OttlException(function + ": regular expression \"" + re + "\" cannot run as RE2 would: " + why);
  }

  /** The text a matcher reads, counting every character read against a budget. */
  private static final class BudgetedText implements CharSequence {
    private final String text;
    private long budget;

    BudgetedText(String text, long budget) {
      this.text = text;
      this.budget = budget;
    }

    @Override
    public char charAt(int index) {
      if (--budget < 0) {
        throw new OttlRuntimeException("regular expression took too long on a " + text.length()
            + "-character value (pathological pattern?)");
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.substring(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
