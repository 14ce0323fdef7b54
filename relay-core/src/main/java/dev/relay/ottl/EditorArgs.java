package dev.relay.ottl;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/** The arguments of one editor call, by parameter position, compiled on demand. */
public final class EditorArgs<T> {
  private final String editor;
  private final Ast.Expr[] exprs;
  private final Compiler<T> compiler;

  EditorArgs(String editor, Ast.Expr[] exprs, Compiler<T> compiler) {
    this.editor = editor;
    this.exprs = exprs;
    this.compiler = compiler;
  }

  public boolean has(int i) {
    return i < exprs.length && exprs[i] != null;
  }

  private OttlException fault(int i, String message) {
    int col = exprs[i] == null ? 0 : exprs[i].pos() + 1;
    return new OttlException(editor + ": " + message + (col > 0 ? " (column " + col + ")" : ""));
  }

  public Getter<T> getter(int i) throws OttlException {
    return compiler.value(exprs[i]);
  }

  /** The argument as a writable path; editors change what their first argument names. */
  public Setter<T> setter(int i) throws OttlException {
    if (!(exprs[i] instanceof Ast.PathExpr p)) {
      throw fault(i, "the target must be a path such as attributes or attributes[\"key\"]");
    }
    return compiler.setter(p);
  }

  /** The argument's value when it is a string, int, float or bool literal; else null. */
  public Object literal(int i) {
    if (has(i) && exprs[i] instanceof Ast.Literal l && (l.value() instanceof String || l.value() instanceof Long
        || l.value() instanceof Double || l.value() instanceof Boolean)) {
      return l.value();
    }
    return null;
  }

  public String literalString(int i, String what) throws OttlException {
    if (exprs[i] instanceof Ast.Literal l && l.value() instanceof String s) {
      return s;
    }
    throw fault(i, what + " must be a string literal");
  }

  public long literalInt(int i, String what) throws OttlException {
    if (exprs[i] instanceof Ast.Literal l && l.value() instanceof Long v) {
      return v;
    }
    throw fault(i, what + " must be an int literal");
  }

  public boolean literalBool(int i, boolean defaultValue, String what) throws OttlException {
    if (!has(i)) {
      return defaultValue;
    }
    if (exprs[i] instanceof Ast.Literal l && l.value() instanceof Boolean v) {
      return v;
    }
    throw fault(i, what + " must be true or false");
  }

  public List<String> literalStrings(int i, String what) throws OttlException {
    if (!(exprs[i] instanceof Ast.ListExpr list)) {
      throw fault(i, what + " must be a list of string literals, e.g. [\"a\", \"b\"]");
    }
    List<String> out = new ArrayList<>();
    for (Ast.Expr e : list.items()) {
      if (!(e instanceof Ast.Literal l) || !(l.value() instanceof String s)) {
        throw fault(i, what + " must be a list of string literals");
      }
      out.add(s);
    }
    return out;
  }

  /** A list of float literals, as a Go {@code []float64} parameter takes: {@code 1} is refused, {@code 1.0} is not. */
  public double[] literalFloats(int i, String what) throws OttlException {
    if (!(exprs[i] instanceof Ast.ListExpr list)) {
      throw fault(i, what + " must be a list of float literals, e.g. [1.0, 10.0]");
    }
    double[] out = new double[list.items().size()];
    for (int j = 0; j < out.length; j++) {
      if (!(list.items().get(j) instanceof Ast.Literal l) || !(l.value() instanceof Double d)) {
        throw fault(i, what + " must be a list of float literals: item " + j + " must be a float");
      }
      out[j] = d;
    }
    return out;
  }

  public Pattern regex(int i) throws OttlException {
    return Regexes.compile(literalString(i, "the pattern"), editor);
  }

  /** An optional converter named by the argument, e.g. {@code SHA256}; null when absent. */
  public Converter function(int i) throws OttlException {
    if (!has(i)) {
      return null;
    }
    String name = exprs[i] instanceof Ast.EnumRef e ? e.name()
        : exprs[i] instanceof Ast.PathExpr p && p.fields().size() == 1 ? p.fields().get(0).name() : null;
    Converter c = name == null ? null : compiler.converters().get(name);
    if (c == null) {
      throw fault(i, "the function argument must name a converter such as SHA256");
    }
    return c;
  }
}
