package dev.relay.ottl.editor;

import com.google.re2j.Pattern;
import dev.relay.ottl.OttlException;

/**
 * The glob of {@code replace_match}, read as the Collector reads it (github.com/gobwas/glob compiled without
 * separators), translated to an RE2 pattern over the whole string: {@code *} any run of characters ({@code /}
 * included), {@code ?} one character, {@code [abc]} {@code [a-z]} and their negations {@code [!abc]} {@code [!a-z]},
 * {@code {alt1,alt2}} alternatives (nestable), {@code \} escapes the next character.
 */
final class GoGlob {
  private final String glob;
  private final String editor;
  private final StringBuilder re = new StringBuilder();
  private int at;
  private int braces;

  private GoGlob(String glob, String editor) {
    this.glob = glob;
    this.editor = editor;
  }

  static Pattern compile(String glob, String editor) throws OttlException {
    GoGlob g = new GoGlob(glob, editor);
    g.translate();
    return Pattern.compile("(?s)" + g.re);
  }

  private void translate() throws OttlException {
    while (at < glob.length()) {
      int c = glob.codePointAt(at);
      at += Character.charCount(c);
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        case '[' -> charClass();
        case '{' -> {
          braces++;
          re.append("(?:");
        }
        case '}' -> {
          if (braces > 0) {
            braces--;
            re.append(')');
          } else {
            literal(c);
          }
        }
        case ',' -> {
          if (braces > 0) {
            re.append('|');
          } else {
            literal(c);
          }
        }
        case '\\' -> literal(escaped());
        default -> literal(c);
      }
    }
    if (braces > 0) {
      throw bad("unclosed '{'");
    }
  }

  /** {@code [...]} after its '[': either one range lo-hi or a list of characters, each maybe negated by '!'. */
  private void charClass() throws OttlException {
    re.append('[');
    if (at < glob.length() && glob.charAt(at) == '!') {
      re.append('^');
      at++;
    }
    int count = 0;
    while (true) {
      if (at >= glob.length()) {
        throw bad("unclosed '['");
      }
      int c = glob.codePointAt(at);
      at += Character.charCount(c);
      if (c == ']') {
        break;
      }
      if (c == '\\') {
        c = escaped();
      }
      classChar(c);
      count++;
      if (at + 1 < glob.length() && glob.charAt(at) == '-' && glob.charAt(at + 1) != ']') {
        at++;
        int hi = glob.codePointAt(at);
        at += Character.charCount(hi);
        if (hi < c) {
          throw bad("range " + new String(Character.toChars(c)) + "-" + new String(Character.toChars(hi))
              + " is backwards");
        }
        re.append('-');
        classChar(hi);
      }
    }
    if (count == 0) {
      throw bad("empty '[]'");
    }
    re.append(']');
  }

  private int escaped() throws OttlException {
    if (at >= glob.length()) {
      throw bad("it ends with a lone backslash");
    }
    int c = glob.codePointAt(at);
    at += Character.charCount(c);
    return c;
  }

  private void literal(int c) {
    if (Character.isLetterOrDigit(c) || c == ' ' || c == '_') {
      re.appendCodePoint(c);
    } else {
      classChar(c);
    }
  }

  private void classChar(int c) {
    re.append("\\x{").append(Integer.toHexString(c)).append('}');
  }

  private OttlException bad(String why) {
    return new OttlException(editor + ": the pattern \"" + glob + "\" is not a valid glob: " + why);
  }
}
