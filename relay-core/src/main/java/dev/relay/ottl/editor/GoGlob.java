package dev.relay.ottl.editor;

import dev.relay.ottl.OttlException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The glob of {@code replace_match}, as Go's {@code filepath.Match} reads it, translated to a Java pattern. */
final class GoGlob {
  private GoGlob() {}

  /** {@code *} and {@code ?} do not cross '/', {@code [...]} classes, {@code \} escapes. */
  static Pattern compile(String glob) throws OttlException {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '\\' -> {
          if (i + 1 < glob.length()) {
            re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
          }
        }
        case '[' -> {
          int close = glob.indexOf(']', i + 1);
          if (close < 0) {
            throw new OttlException("replace_match: unterminated [ in pattern \"" + glob + "\"");
          }
          String body = glob.substring(i + 1, close);
          boolean negated = body.startsWith("^");
          // Literal in Go's globs, special in Java classes: backslash, '[' and '&' (intersection).
          body = (negated ? body.substring(1) : body).replace("\\", "\\\\").replace("[", "\\[")
              .replace("&", "\\&");
          if (body.isEmpty()) {
            throw new OttlException("replace_match: empty [] in pattern \"" + glob + "\"");
          }
          re.append('[').append(negated ? "^" : "").append(body).append(']');
          i = close;
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    try {
      return Pattern.compile(re.toString(), Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      throw new OttlException("replace_match: invalid pattern \"" + glob + "\": " + e.getDescription());
    }
  }
}
