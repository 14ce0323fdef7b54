package dev.relay.ottl;

import dev.relay.ottl.Ast.And;
import dev.relay.ottl.Ast.Arith;
import dev.relay.ottl.Ast.ArithOp;
import dev.relay.ottl.Ast.Call;
import dev.relay.ottl.Ast.Compare;
import dev.relay.ottl.Ast.CompareOp;
import dev.relay.ottl.Ast.EnumRef;
import dev.relay.ottl.Ast.Expr;
import dev.relay.ottl.Ast.Field;
import dev.relay.ottl.Ast.ListExpr;
import dev.relay.ottl.Ast.Literal;
import dev.relay.ottl.Ast.Not;
import dev.relay.ottl.Ast.Or;
import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for OTTL expressions. Precedence, loosest first: {@code or}, {@code and}, {@code not},
 * comparisons, {@code + -}, {@code * /}, unary minus, then literals, paths, calls, lists and parentheses.
 */
public final class Parser {
  /**
   * How deeply expressions may nest (parentheses, lists, arguments, keys, {@code not} and unary minus): deeper input
   * is refused with a message rather than exhausting the thread's stack.
   */
  public static final int MAX_DEPTH = 100;
  /**
   * How deep the expression's tree may be: nesting levels plus operators chained without parentheses ({@code a or b
   * or ...}, {@code 1 + 2 + ...}), each of which is one more level for the compiler and the evaluation.
   */
  public static final int MAX_TREE_DEPTH = 1_000;

  private final List<Token> tokens;
  private int p;
  private int depth;
  private int treeDepth;

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** Parses one whole expression (a condition or a value). */
  public static Expr parseExpression(String text) throws OttlException {
    Parser parser = new Parser(Lexer.tokenize(text));
    Expr e = parser.or();
    parser.expect(Kind.EOF, "end of expression");
    return e;
  }

  /** Parses one statement: an editor call, optionally followed by {@code where <condition>}. */
  public static Ast.Statement parseStatement(String text) throws OttlException {
    Parser parser = new Parser(Lexer.tokenize(text));
    Token first = parser.peek();
    Expr e = parser.primary();
    if (!(e instanceof Call call) || !call.keys().isEmpty()) {
      throw new OttlException("a statement must start with an editor call such as set(...) (column "
          + (first.pos() + 1) + ")");
    }
    Expr where = null;
    if (parser.peek().isKeyword("where")) {
      parser.next();
      where = parser.or();
    }
    parser.expect(Kind.EOF, "'where' or the end of the statement");
    return new Ast.Statement(call, where);
  }

  private Token peek() {
    return tokens.get(p);
  }

  private Token next() {
    return tokens.get(p++);
  }

  private boolean accept(Kind k) {
    if (peek().is(k)) {
      p++;
      return true;
    }
    return false;
  }

  private Token expect(Kind k, String what) throws OttlException {
    Token t = peek();
    if (!t.is(k)) {
      throw new OttlException("expected " + what + " at column " + (t.pos() + 1) + ", found " + describe(t));
    }
    return next();
  }

  private static String describe(Token t) {
    return switch (t.kind()) {
      case EOF -> "end of input";
      case STRING -> "string \"" + t.value() + "\"";
      default -> "'" + t.text() + "'";
    };
  }

  private Expr or() throws OttlException {
    descend();
    Expr left = and();
    int links = 0;
    while (peek().isKeyword("or")) {
      links++;
      link();
      int pos = next().pos();
      left = new Or(left, and(), pos);
    }
    ascend();
    treeDepth -= links;
    return left;
  }

  /** One level deeper; refused beyond {@link #MAX_DEPTH}. A refusal ends the parse, so no level is given back. */
  private void descend() throws OttlException {
    if (++depth > MAX_DEPTH) {
      throw new OttlException("expression nested deeper than " + MAX_DEPTH + " levels at column "
          + (peek().pos() + 1));
    }
    link();
  }

  private void ascend() {
    depth--;
    treeDepth--;
  }

  /** One more operator in a chain: one level deeper in the tree. */
  private void link() throws OttlException {
    if (++treeDepth > MAX_TREE_DEPTH) {
      throw new OttlException("expression deeper than " + MAX_TREE_DEPTH + " operators and levels at column "
          + (peek().pos() + 1) + " (use fewer chained operators)");
    }
  }

  private Expr and() throws OttlException {
    Expr left = not();
    int links = 0;
    while (peek().isKeyword("and")) {
      links++;
      link();
      int pos = next().pos();
      left = new And(left, not(), pos);
    }
    treeDepth -= links;
    return left;
  }

  private Expr not() throws OttlException {
    if (peek().isKeyword("not")) {
      int pos = next().pos();
      descend();
      Expr operand = not();
      ascend();
      return new Not(operand, pos);
    }
    return compare();
  }

  private Expr compare() throws OttlException {
    Expr left = additive();
    CompareOp op = switch (peek().kind()) {
      case EQ -> CompareOp.EQ;
      case NE -> CompareOp.NE;
      case LT -> CompareOp.LT;
      case LE -> CompareOp.LE;
      case GT -> CompareOp.GT;
      case GE -> CompareOp.GE;
      default -> null;
    };
    if (op == null) {
      if (peek().is(Kind.ASSIGN)) {
        throw new OttlException("unexpected '=' at column " + (peek().pos() + 1) + " (did you mean '=='?)");
      }
      return left;
    }
    int pos = next().pos();
    return new Compare(op, left, additive(), pos);
  }

  private Expr additive() throws OttlException {
    Expr left = multiplicative();
    int links = 0;
    while (peek().is(Kind.PLUS) || peek().is(Kind.MINUS)) {
      links++;
      link();
      Token t = next();
      left = new Arith(t.is(Kind.PLUS) ? ArithOp.ADD : ArithOp.SUB, left, multiplicative(), t.pos());
    }
    treeDepth -= links;
    return left;
  }

  private Expr multiplicative() throws OttlException {
    Expr left = unary();
    int links = 0;
    while (peek().is(Kind.STAR) || peek().is(Kind.SLASH)) {
      links++;
      link();
      Token t = next();
      left = new Arith(t.is(Kind.STAR) ? ArithOp.MUL : ArithOp.DIV, left, unary(), t.pos());
    }
    treeDepth -= links;
    return left;
  }

  private Expr unary() throws OttlException {
    if (peek().is(Kind.MINUS)) {
      int pos = next().pos();
      descend();
      Expr operand = unary();
      ascend();
      if (operand instanceof Literal l && l.value() instanceof Long v) {
        return new Literal(-v, pos);
      }
      if (operand instanceof Literal l && l.value() instanceof Double v) {
        return new Literal(-v, pos);
      }
      return new Arith(ArithOp.SUB, new Literal(0L, pos), operand, pos);
    }
    return primary();
  }

  private Expr primary() throws OttlException {
    Token t = next();
    switch (t.kind()) {
      case STRING, INT, FLOAT, BYTES:
        return new Literal(t.value(), t.pos());
      case LPAREN: {
        if (isLambda()) {
          return lambda(t);
        }
        Expr inner = or();
        expect(Kind.RPAREN, "')'");
        return inner;
      }
      case LBRACE: {
        List<String> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!accept(Kind.RBRACE)) {
          Token key = next();
          if (!key.is(Kind.STRING)) {
            throw new OttlException("expected a string key or '}' in a map literal at column " + (key.pos() + 1)
                + ", found " + describe(key));
          }
          expect(Kind.COLON, "':' after the map key");
          keys.add((String) key.value());
          values.add(or());
          accept(Kind.COMMA);
        }
        return new Ast.MapExpr(keys, values, t.pos());
      }
      case LBRACK: {
        List<Expr> items = new ArrayList<>();
        if (!accept(Kind.RBRACK)) {
          do {
            items.add(or());
          } while (accept(Kind.COMMA));
          expect(Kind.RBRACK, "']' or ','");
        }
        return new ListExpr(items, t.pos());
      }
      case IDENT:
        return identifier(t);
      default:
        throw new OttlException("unexpected " + describe(t) + " at column " + (t.pos() + 1));
    }
  }

  /** After '(': whether a lambda's parameter list {@code (a, b) =>} follows. */
  private boolean isLambda() {
    int q = p;
    if (tokens.get(q).is(Kind.RPAREN)) {
      return tokens.get(q + 1).is(Kind.ARROW);
    }
    while (tokens.get(q).is(Kind.IDENT)) {
      q++;
      if (tokens.get(q).is(Kind.RPAREN)) {
        return tokens.get(q + 1).is(Kind.ARROW);
      }
      if (!tokens.get(q).is(Kind.COMMA)) {
        return false;
      }
      q++;
    }
    return false;
  }

  private Expr lambda(Token open) throws OttlException {
    List<String> params = new ArrayList<>();
    while (!accept(Kind.RPAREN)) {
      Token name = next();
      if (!name.text().equals("_") && params.contains(name.text())) {
        throw new OttlException("lambda parameter '" + name.text() + "' is given twice (column "
            + (name.pos() + 1) + ")");
      }
      params.add(name.text());
      accept(Kind.COMMA);
    }
    expect(Kind.ARROW, "'=>'");
    return new Ast.Lambda(params, or(), open.pos());
  }

  private Expr identifier(Token t) throws OttlException {
    switch (t.text()) {
      case "true":
        return new Literal(Boolean.TRUE, t.pos());
      case "false":
        return new Literal(Boolean.FALSE, t.pos());
      case "nil":
        return new Literal(null, t.pos());
      case "and", "or", "not", "where":
        throw new OttlException("unexpected '" + t.text() + "' at column " + (t.pos() + 1));
      default:
        break;
    }
    if (accept(Kind.LPAREN)) {
      List<Expr> args = new ArrayList<>();
      List<String> names = new ArrayList<>();
      if (!accept(Kind.RPAREN)) {
        do {
          String name = null;
          if (peek().is(Kind.IDENT) && tokens.get(p + 1).is(Kind.ASSIGN)) {
            name = next().text();
            next();
          } else if (names.stream().anyMatch(java.util.Objects::nonNull)) {
            throw new OttlException("a positional argument cannot follow named ones (column " + (peek().pos() + 1)
                + ")");
          }
          names.add(name);
          args.add(or());
        } while (accept(Kind.COMMA));
        expect(Kind.RPAREN, "')' or ','");
      }
      return new Call(t.text(), args, names, keys(), t.pos());
    }
    if (isEnumName(t.text())) {
      return new EnumRef(t.text(), t.pos());
    }
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(t.text(), keys()));
    while (accept(Kind.DOT)) {
      Token name = expect(Kind.IDENT, "a field name after '.'");
      fields.add(new Field(name.text(), keys()));
    }
    return new PathExpr(fields, t.pos());
  }

  private List<Expr> keys() throws OttlException {
    List<Expr> keys = new ArrayList<>();
    while (accept(Kind.LBRACK)) {
      keys.add(or());
      expect(Kind.RBRACK, "']'");
    }
    return keys;
  }

  private static boolean isEnumName(String s) {
    if (!Character.isUpperCase(s.charAt(0))) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (!(Character.isUpperCase(c) || Character.isDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
