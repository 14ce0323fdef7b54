package dev.relay.ottl;

/**
 * One compiled argument of a converter call, with its source so that literals can be used at compile time; a lambda
 * argument is compiled to {@code lambda} (its getter fails).
 */
public record Arg<T>(Ast.Expr expr, Getter<T> getter, LambdaFn<T> lambda) {
  public Arg(Ast.Expr expr, Getter<T> getter) {
    this(expr, getter, null);
  }

  public boolean isLiteral() {
    return expr instanceof Ast.Literal;
  }

  /** The argument as a string literal, or a compile error naming {@code what} it should be. */
  public String literalString(String function, String what) throws OttlException {
    if (expr instanceof Ast.Literal l && l.value() instanceof String s) {
      return s;
    }
    throw new OttlException(function + ": " + what + " must be a string literal (column " + (expr.pos() + 1) + ")");
  }
}
