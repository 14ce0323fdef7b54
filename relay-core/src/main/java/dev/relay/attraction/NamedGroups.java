package dev.relay.attraction;

import java.util.ArrayList;
import java.util.List;

/**
 * The capturing groups of an RE2 pattern, in order, with their names ({@code (?P<name>...)} or {@code (?<name>...)};
 * null for an unnamed group), and the pattern with every named group made a plain capturing group. Java allows
 * neither {@code _} nor {@code .} in group names, which RE2 allows; an extract action needs only the names by
 * position, so the groups are renamed away rather than translated.
 */
record NamedGroups(List<String> names, String plain) {
  static NamedGroups of(String re) {
    List<String> names = new ArrayList<>();
    StringBuilder out = new StringBuilder(re.length());
    boolean inClass = false;
    int i = 0;
    while (i < re.length()) {
      char c = re.charAt(i);
      if (c == '\\' && i + 1 < re.length()) {
        out.append(c).append(re.charAt(i + 1));
        i += 2;
        continue;
      }
      if (inClass) {
        if (c == '[' && re.startsWith("[:", i) && re.indexOf(":]", i + 2) > 0) {
          int close = re.indexOf(":]", i + 2) + 2;
          out.append(re, i, close);
          i = close;
          continue;
        }
        inClass = c != ']';
        out.append(c);
        i++;
        continue;
      }
      if (c == '[') {
        inClass = true;
        out.append(c);
        i++;
        if (i < re.length() && re.charAt(i) == '^') {
          out.append('^');
          i++;
        }
        if (i < re.length() && re.charAt(i) == ']') {
          out.append(']');
          i++;
        }
        continue;
      }
      if (c == '(') {
        int nameStart = re.startsWith("(?P<", i) ? i + 4
            : re.startsWith("(?<", i) && !re.startsWith("(?<=", i) && !re.startsWith("(?<!", i) ? i + 3 : -1;
        int close = nameStart < 0 ? -1 : re.indexOf('>', nameStart);
        if (close > 0) {
          names.add(re.substring(nameStart, close));
          out.append('(');
          i = close + 1;
          continue;
        }
        if (!re.startsWith("(?", i)) {
          names.add(null);
        }
      }
      out.append(c);
      i++;
    }
    return new NamedGroups(List.copyOf(names.stream().map(n -> n == null ? "" : n).toList()), out.toString());
  }

  /** Whether a name is one RE2 accepts: letters, digits and underscores, not empty. */
  static boolean validName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
