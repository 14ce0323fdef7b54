package dev.relay.ottl;

import java.util.List;

/** The parsed form of OTTL expressions, before any context gives paths a meaning. */
public final class Ast {
  private Ast() {}

  /** Any OTTL expression. {@code pos} is the 0-based offset of its first token. */
  public sealed interface Expr
      permits Literal, PathExpr, Call, EnumRef, ListExpr, MapExpr, Lambda, Not, And, Or, Compare, Arith {
    int pos();
  }

  /** One step of a path: {@code attributes["k"]["sub"]} is the field {@code attributes} with two keys. */
  public record Field(String name, List<Expr> keys) {}

  /** The value of a literal: String, Long, Double, Boolean, ByteString or null for {@code nil}. */
  public record Literal(Object value, int pos) implements Expr {}

  public record PathExpr(List<Field> fields, int pos) implements Expr {
    /** The path as written, without keys, e.g. {@code span.attributes}. */
    public String dotted() {
      StringBuilder sb = new StringBuilder();
      for (Field f : fields) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(f.name());
      }
      return sb.toString();
    }
  }

  /**
   * A function call; converters are capitalised ({@code IsMatch}), editors are not ({@code set}). {@code argNames}
   * parallels {@code args}: null for a positional argument, the name for {@code name = value}.
   */
  public record Call(String name, List<Expr> args, List<String> argNames, List<Expr> keys, int pos)
      implements Expr {
    public boolean hasNamedArgs() {
      for (String n : argNames) {
        if (n != null) {
          return true;
        }
      }
      return false;
    }
  }

  /** An editor statement: {@code editor(args) where condition}; {@code where} is null when absent. */
  public record Statement(Call editor, Expr where) {}

  public record EnumRef(String name, int pos) implements Expr {}

  public record ListExpr(List<Expr> items, int pos) implements Expr {}

  /** A map literal {@code {"k": value, ...}}; {@code keys} parallels {@code values}. */
  public record MapExpr(List<String> keys, List<Expr> values, int pos) implements Expr {}

  /** A lambda {@code (k, v) => body}, an argument of a higher-order converter such as {@code Filter}. */
  public record Lambda(List<String> params, Expr body, int pos) implements Expr {}

  public record Not(Expr operand, int pos) implements Expr {}

  public record And(Expr left, Expr right, int pos) implements Expr {}

  public record Or(Expr left, Expr right, int pos) implements Expr {}

  public enum CompareOp {
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    final String symbol;

    CompareOp(String symbol) {
      this.symbol = symbol;
    }
  }

  public record Compare(CompareOp op, Expr left, Expr right, int pos) implements Expr {}

  public enum ArithOp { ADD, SUB, MUL, DIV }

  public record Arith(ArithOp op, Expr left, Expr right, int pos) implements Expr {}

  /** The expressions directly inside {@code e}, in source order (keys of paths and calls included). */
  public static List<Expr> children(Expr e) {
    java.util.List<Expr> out = new java.util.ArrayList<>();
    if (e instanceof PathExpr p) {
      p.fields().forEach(f -> out.addAll(f.keys()));
    } else if (e instanceof Call c) {
      out.addAll(c.args());
      out.addAll(c.keys());
    } else if (e instanceof ListExpr l) {
      out.addAll(l.items());
    } else if (e instanceof MapExpr m) {
      out.addAll(m.values());
    } else if (e instanceof Lambda l) {
      out.add(l.body());
    } else if (e instanceof Not n) {
      out.add(n.operand());
    } else if (e instanceof And a) {
      out.add(a.left());
      out.add(a.right());
    } else if (e instanceof Or o) {
      out.add(o.left());
      out.add(o.right());
    } else if (e instanceof Compare c) {
      out.add(c.left());
      out.add(c.right());
    } else if (e instanceof Arith a) {
      out.add(a.left());
      out.add(a.right());
    }
    return out;
  }
}
