package dev.relay.ottl.editor;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.relay.ottl.Converter;
import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Regexes;
import dev.relay.ottl.Values;

/**
 * The replacement of the replace editors: text after Go's {@code regexp.Expand} ({@code $1}, {@code ${1}},
 * {@code $name}, {@code $$}), then an optional converter and an optional {@code %s} format.
 */
record Replacement(String template, Converter function, String format) {
  /** The replacement arguments starting at position {@code at}: replacement, function, replacementFormat. */
  static Replacement of(EditorArgs<?> args, int at) throws OttlException {
    String template = args.literalString(at, "the replacement");
    Converter f = args.function(at + 1);
    String format = args.has(at + 2) ? args.literalString(at + 2, "the replacement format") : null;
    if (format != null && format.split("%s", -1).length != 2) {
      throw new OttlException("the replacement format must contain exactly one %s");
    }
    return new Replacement(template, f, format);
  }

  String expand(Matcher m) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$' || i + 1 >= template.length()) {
        out.append(c);
        i++;
        continue;
      }
      char n = template.charAt(i + 1);
      if (n == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      String name;
      int next;
      if (n == '{') {
        int close = template.indexOf('}', i + 2);
        if (close < 0) {
          out.append(c);
          i++;
          continue;
        }
        name = template.substring(i + 2, close);
        next = close + 1;
      } else {
        int j = i + 1;
        while (j < template.length()
            && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
          j++;
        }
        if (j == i + 1) {
          out.append(c);
          i++;
          continue;
        }
        name = template.substring(i + 1, j);
        next = j;
      }
      out.append(group(m, name));
      i = next;
    }
    return out.toString();
  }

  /** Go: an all-digit name is a group number; a group that does not exist expands to nothing. */
  private static String group(Matcher m, String name) {
    String v = null;
    try {
      if (name.chars().allMatch(Character::isDigit)) {
        int g = Integer.parseInt(name);
        v = g <= m.groupCount() ? m.group(g) : null;
      } else {
        v = m.group(name);
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      v = null;
    }
    return v == null ? "" : v;
  }

  String finish(String expanded) {
    String s = expanded;
    if (function != null) {
      Object r = function.apply(s);
      s = r == null ? "" : Values.stringLike(r);
    }
    return format == null ? s : format.replace("%s", s);
  }

  /**
   * Replaces successive matches; like Go, an empty match right after a previous match is skipped, and so is one
   * between the two halves of a surrogate pair (Go steps over whole characters; RE2/J's find steps one char).
   */
  String replaceAll(Pattern p, String input) {
    Matcher m = Regexes.matcher(p, input);
    StringBuilder out = null;
    int last = 0;
    int prevEnd = -1;
    while (m.find()) {
      int start = m.start();
      if (start == m.end() && (start == prevEnd || splitsSurrogatePair(input, start))) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(input.length() + 16);
      }
      out.append(input, last, start).append(finish(expand(m)));
      last = m.end();
      prevEnd = m.end();
    }
    return out == null ? input : out.append(input, last, input.length()).toString();
  }

  private static boolean splitsSurrogatePair(String s, int at) {
    return at > 0 && at < s.length() && Character.isLowSurrogate(s.charAt(at))
        && Character.isHighSurrogate(s.charAt(at - 1));
  }
}
