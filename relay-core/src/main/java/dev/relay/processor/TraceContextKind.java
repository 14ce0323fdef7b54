package dev.relay.processor;

import dev.relay.ottl.Ast;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Parser;
import java.util.Locale;

/** The OTTL contexts of the trace signal, from the outermost in. */
public enum TraceContextKind {
  RESOURCE,
  SCOPE,
  SPAN,
  SPANEVENT;

  public static TraceContextKind fromConfig(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "resource" -> RESOURCE;
      case "scope", "instrumentation_scope" -> SCOPE;
      case "span" -> SPAN;
      case "spanevent" -> SPANEVENT;
      default -> null;
    };
  }

  /**
   * The context a statement runs in when its group names none: the innermost one its paths mention by prefix
   * ({@code resource.}, {@code scope.}, {@code span.}, {@code spanevent.}), as the Collector infers it.
   */
  public static TraceContextKind infer(String statement, boolean isCondition) throws OttlException {
    Ast.Expr root;
    if (isCondition) {
      root = Parser.parseExpression(statement);
    } else {
      Ast.Statement st = Parser.parseStatement(statement);
      TraceContextKind a = innermost(st.editor(), null);
      return st.where() == null ? orFail(a) : orFail(innermost(st.where(), a));
    }
    return orFail(innermost(root, null));
  }

  /**
   * The first field of every path in a statement or condition ({@code resource}, {@code span}, {@code attributes},
   * ...): what context inference looks at.
   */
  public static java.util.List<String> pathHeads(String text, boolean isCondition) throws OttlException {
    java.util.List<String> heads = new java.util.ArrayList<>();
    if (isCondition) {
      heads(Parser.parseExpression(text), heads);
    } else {
      Ast.Statement st = Parser.parseStatement(text);
      heads(st.editor(), heads);
      if (st.where() != null) {
        heads(st.where(), heads);
      }
    }
    return heads;
  }

  private static void heads(Ast.Expr e, java.util.List<String> out) {
    if (e instanceof Ast.PathExpr p) {
      out.add(p.fields().get(0).name());
      for (Ast.Field f : p.fields()) {
        for (Ast.Expr key : f.keys()) {
          heads(key, out);
        }
      }
    } else if (e instanceof Ast.Call c) {
      c.args().forEach(a -> heads(a, out));
      c.keys().forEach(k -> heads(k, out));
    } else if (e instanceof Ast.ListExpr l) {
      l.items().forEach(i -> heads(i, out));
    } else if (e instanceof Ast.Not n) {
      heads(n.operand(), out);
    } else if (e instanceof Ast.And a) {
      heads(a.left(), out);
      heads(a.right(), out);
    } else if (e instanceof Ast.Or o) {
      heads(o.left(), out);
      heads(o.right(), out);
    } else if (e instanceof Ast.Compare c) {
      heads(c.left(), out);
      heads(c.right(), out);
    } else if (e instanceof Ast.Arith a) {
      heads(a.left(), out);
      heads(a.right(), out);
    }
  }

  private static TraceContextKind orFail(TraceContextKind k) throws OttlException {
    if (k == null) {
      throw new OttlException("cannot tell which context this runs in: prefix its paths (span.attributes, "
          + "resource.attributes, spanevent.name, ...) or give the group a context");
    }
    return k;
  }

  private static TraceContextKind innermost(Ast.Expr e, TraceContextKind found) {
    if (e instanceof Ast.PathExpr p) {
      TraceContextKind k = switch (p.fields().get(0).name()) {
        case "resource" -> RESOURCE;
        case "scope", "instrumentation_scope" -> SCOPE;
        case "span" -> SPAN;
        case "spanevent" -> SPANEVENT;
        default -> null;
      };
      if (k != null && (found == null || k.ordinal() > found.ordinal())) {
        found = k;
      }
      for (Ast.Field f : p.fields()) {
        for (Ast.Expr key : f.keys()) {
          found = innermost(key, found);
        }
      }
      return found;
    }
    if (e instanceof Ast.Call c) {
      for (Ast.Expr a : c.args()) {
        found = innermost(a, found);
      }
      for (Ast.Expr k : c.keys()) {
        found = innermost(k, found);
      }
      return found;
    }
    if (e instanceof Ast.ListExpr l) {
      for (Ast.Expr item : l.items()) {
        found = innermost(item, found);
      }
      return found;
    }
    if (e instanceof Ast.Not n) {
      return innermost(n.operand(), found);
    }
    if (e instanceof Ast.And a) {
      return innermost(a.right(), innermost(a.left(), found));
    }
    if (e instanceof Ast.Or o) {
      return innermost(o.right(), innermost(o.left(), found));
    }
    if (e instanceof Ast.Compare c) {
      return innermost(c.right(), innermost(c.left(), found));
    }
    if (e instanceof Ast.Arith a) {
      return innermost(a.right(), innermost(a.left(), found));
    }
    return found;
  }
}
