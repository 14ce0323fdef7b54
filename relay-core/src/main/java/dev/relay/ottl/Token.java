package dev.relay.ottl;

/** A lexical token; {@code pos} is its 0-based offset in the source. */
record Token(Kind kind, String text, Object value, int pos) {
  enum Kind {
    IDENT, STRING, INT, FLOAT, BYTES, LPAREN, RPAREN, LBRACK, RBRACK, LBRACE, RBRACE, COMMA, DOT, COLON,
    EQ, NE, LT, LE, GT, GE, ASSIGN, ARROW, PLUS, MINUS, STAR, SLASH, EOF
  }

  boolean is(Kind k) {
    return kind == k;
  }

  boolean isKeyword(String word) {
    return kind == Kind.IDENT && text.equals(word);
  }
}
