package dev.relay.redis;

/**
 * Redis glob patterns as {@code PSUBSCRIBE}, {@code KEYS} and ACL key patterns read them: {@code *} any run,
 * {@code ?} one character, {@code [abc]}, {@code [a-z]}, {@code [^a]} a class, {@code \} escapes the next character.
 * Matching is iterative (one backtrack point for the last {@code *}), so it is linear in practice and cannot blow up.
 */
public final class RedisGlob {
  private RedisGlob() {}

  /** Whether {@code text} holds a character that makes it a pattern rather than a name. */
  public static boolean isPattern(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '\\') {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code glob} matches all of {@code text}. */
  public static boolean matches(String glob, String text) {
    int p = 0;
    int t = 0;
    int starP = -1;
    int starT = -1;
    while (t < text.length()) {
      if (p < glob.length() && glob.charAt(p) == '*') {
        starP = ++p;
        starT = t;
        continue;
      }
      int next = p < glob.length() ? step(glob, p, text.charAt(t)) : -1;
      if (next >= 0) {
        p = next;
        t++;
      } else if (starP >= 0) {
        p = starP;
        t = ++starT;
      } else {
        return false;
      }
    }
    while (p < glob.length() && glob.charAt(p) == '*') {
      p++;
    }
    return p == glob.length();
  }

  /**
   * The glob position after the element at {@code p} when it matches {@code c} (a {@code *} never gets here), or -1.
   */
  private static int step(String glob, int p, char c) {
    char g = glob.charAt(p);
    if (g == '?') {
      return p + 1;
    }
    if (g == '\\' && p + 1 < glob.length()) {
      return glob.charAt(p + 1) == c ? p + 2 : -1;
    }
    if (g != '[') {
      return g == c ? p + 1 : -1;
    }
    int i = p + 1;
    boolean negate = i < glob.length() && glob.charAt(i) == '^';
    if (negate) {
      i++;
    }
    boolean match = false;
    while (i < glob.length() && glob.charAt(i) != ']') {
      char lo = glob.charAt(i);
      if (lo == '\\' && i + 1 < glob.length()) {
        lo = glob.charAt(++i);
        match |= lo == c;
        i++;
      } else if (i + 2 < glob.length() && glob.charAt(i + 1) == '-' && glob.charAt(i + 2) != ']') {
        char hi = glob.charAt(i + 2);
        match |= lo <= hi ? c >= lo && c <= hi : c >= hi && c <= lo;
        i += 3;
      } else {
        match |= lo == c;
        i++;
      }
    }
    // An unclosed class runs to the end of the pattern, as in Redis.
    int after = i < glob.length() ? i + 1 : i;
    return match != negate ? after : -1;
  }
}
