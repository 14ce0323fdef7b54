package dev.relay.ottl;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;

/** Splits OTTL text into tokens. String literals take Go's escapes ({@code \\ \" \n \t \r \x41 \u00e9}, ...). */
final class Lexer {
  private final String src;
  private int i;

  private Lexer(String src) {
    this.src = src;
  }

  static List<Token> tokenize(String src) throws OttlException {
    return new Lexer(src).run();
  }

  private List<Token> run() throws OttlException {
    List<Token> out = new ArrayList<>();
    while (true) {
      while (i < src.length() && Character.isWhitespace(src.charAt(i))) {
        i++;
      }
      if (i >= src.length()) {
        out.add(new Token(Token.Kind.EOF, "", null, i));
        return out;
      }
      int start = i;
      char c = src.charAt(i);
      if (Character.isLetter(c) || c == '_') {
        while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
          i++;
        }
        out.add(new Token(Token.Kind.IDENT, src.substring(start, i), null, start));
      } else if (c == '"') {
        out.add(new Token(Token.Kind.STRING, null, string(), start));
      } else if (c == '0' && i + 1 < src.length() && (src.charAt(i + 1) == 'x' || src.charAt(i + 1) == 'X')) {
        i += 2;
        int digits = i;
        while (i < src.length() && Character.digit(src.charAt(i), 16) >= 0) {
          i++;
        }
        String hex = src.substring(digits, i);
        if (hex.isEmpty() || hex.length() % 2 != 0) {
          throw new OttlException("bytes literal at column " + (start + 1) + " needs an even number of hex digits");
        }
        byte[] b = new byte[hex.length() / 2];
        for (int k = 0; k < b.length; k++) {
          b[k] = (byte) Integer.parseInt(hex.substring(2 * k, 2 * k + 2), 16);
        }
        out.add(new Token(Token.Kind.BYTES, src.substring(start, i), ByteString.copyFrom(b), start));
      } else if (Character.isDigit(c)) {
        out.add(number(start));
      } else {
        out.add(symbol(c, start));
      }
    }
  }

  private Token number(int start) throws OttlException {
    boolean isFloat = false;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (Character.isDigit(c)) {
        i++;
      } else if (c == '.' && i + 1 < src.length() && Character.isDigit(src.charAt(i + 1))) {
        isFloat = true;
        i++;
      } else if ((c == 'e' || c == 'E') && i + 1 < src.length()) {
        isFloat = true;
        i++;
        if (src.charAt(i) == '+' || src.charAt(i) == '-') {
          i++;
        }
      } else {
        break;
      }
    }
    String text = src.substring(start, i);
    try {
      if (isFloat) {
        return new Token(Token.Kind.FLOAT, text, Double.parseDouble(text), start);
      }
      return new Token(Token.Kind.INT, text, Long.parseLong(text), start);
    } catch (NumberFormatException e) {
      throw new OttlException("invalid number '" + text + "' at column " + (start + 1));
    }
  }

  private String string() throws OttlException {
    int start = i;
    i++;
    StringBuilder sb = new StringBuilder();
    while (i < src.length()) {
      char c = src.charAt(i++);
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (i >= src.length()) {
        break;
      }
      char e = src.charAt(i++);
      switch (e) {
        case '\\' -> sb.append('\\');
        case '"' -> sb.append('"');
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case '/' -> sb.append('/');
        case 'a' -> sb.append('\u0007');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'v' -> sb.append('\u000b');
        case 'x' -> sb.appendCodePoint(hexEscape(2, 0x7f, start));
        case 'u' -> sb.appendCodePoint(hexEscape(4, 0x10ffff, start));
        case 'U' -> sb.appendCodePoint(hexEscape(8, 0x10ffff, start));
        default -> throw new OttlException("unknown escape '\\" + e + "' in string at column " + (start + 1)
            + " (write \\\\ for a backslash)");
      }
    }
    throw new OttlException("unterminated string starting at column " + (start + 1));
  }

  /**
   * The code point of Go's {@code \\x}, {@code \\u} or {@code \\U} escape whose digits start at {@code i}. A
   * {@code \\x} above 7f would be a lone byte of UTF-8, which a Java string cannot hold, so it is refused.
   */
  private int hexEscape(int digits, int max, int start) throws OttlException {
    if (i + digits > src.length()) {
      throw new OttlException("incomplete escape in string at column " + (start + 1));
    }
    int v = 0;
    for (int k = 0; k < digits; k++) {
      int d = Character.digit(src.charAt(i + k), 16);
      if (d < 0) {
        throw new OttlException("escape needs " + digits + " hex digits in string at column " + (start + 1));
      }
      v = v * 16 + d;
    }
    if (v > max || (v >= 0xd800 && v <= 0xdfff)) {
      throw new OttlException("escape is not a valid character in string at column " + (start + 1));
    }
    i += digits;
    return v;
  }

  private Token symbol(char c, int start) throws OttlException {
    i++;
    Token.Kind k;
    switch (c) {
      case '(' -> k = Token.Kind.LPAREN;
      case ')' -> k = Token.Kind.RPAREN;
      case '[' -> k = Token.Kind.LBRACK;
      case ']' -> k = Token.Kind.RBRACK;
      case '{' -> k = Token.Kind.LBRACE;
      case '}' -> k = Token.Kind.RBRACE;
      case ',' -> k = Token.Kind.COMMA;
      case '.' -> k = Token.Kind.DOT;
      case ':' -> k = Token.Kind.COLON;
      case '+' -> k = Token.Kind.PLUS;
      case '-' -> k = Token.Kind.MINUS;
      case '*' -> k = Token.Kind.STAR;
      case '/' -> k = Token.Kind.SLASH;
      case '=' -> {
        if (i < src.length() && src.charAt(i) == '>') {
          i++;
          k = Token.Kind.ARROW;
        } else {
          k = twoChar('=', Token.Kind.EQ, Token.Kind.ASSIGN, start);
        }
      }
      case '!' -> k = twoChar('=', Token.Kind.NE, null, start);
      case '<' -> k = twoChar('=', Token.Kind.LE, Token.Kind.LT, start);
      case '>' -> k = twoChar('=', Token.Kind.GE, Token.Kind.GT, start);
      default -> throw new OttlException("unexpected character '" + c + "' at column " + (start + 1));
    }
    return new Token(k, src.substring(start, i), null, start);
  }

  private Token.Kind twoChar(char second, Token.Kind both, Token.Kind single, int start) throws OttlException {
    if (i < src.length() && src.charAt(i) == second) {
      i++;
      return both;
    }
    if (single == null) {
      throw new OttlException("unexpected character '" + src.charAt(start) + "' at column " + (start + 1)
          + " (did you mean '" + src.charAt(start) + second + "'?)");
    }
    return single;
  }
}
