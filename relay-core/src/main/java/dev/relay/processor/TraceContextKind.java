package dev.relay.processor;

import dev.relay.ottl.Ast;
import dev.relay.ottl.FunctionNames;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Parser;
import dev.relay.ottl.context.SpanPaths;
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
      return orFail(innermost(root, null), root);
    }
    Ast.Statement st = Parser.parseStatement(statement);
    TraceContextKind a = innermost(st.editor(), null);
    TraceContextKind k = st.where() == null ? a : innermost(st.where(), a);
    if (k == null) {
      unknownFunctions(st.editor());
      if (st.where() != null) {
        unknownFunctions(st.where());
      }
    }
    return orFail(k, null);
  }

  /**
   * A function no context knows is the fault to report, rather than the context that could not be told: the
   * statement would not compile in any.
   */
  private static void unknownFunctions(Ast.Expr e) throws OttlException {
    if (e instanceof Ast.Call c) {
      java.util.Set<String> known = SpanPaths.compiler().functionNames();
      if (!known.contains(c.name())) {
        throw FunctionNames.unknown(c.name(), c.pos(), known);
      }
    }
    for (Ast.Expr child : children(e)) {
      unknownFunctions(child);
    }
  }

  private static java.util.List<Ast.Expr> children(Ast.Expr e) {
    java.util.List<Ast.Expr> out = new java.util.ArrayList<>();
    if (e instanceof Ast.PathExpr p) {
      p.fields().forEach(f -> out.addAll(f.keys()));
    } else if (e instanceof Ast.Call c) {
      out.addAll(c.args());
      out.addAll(c.keys());
    } else if (e instanceof Ast.ListExpr l) {
      out.addAll(l.items());
    } else if (e instanceof Ast.Not n) {
      out.add(n.operand());
    } else if (e instanceof Ast.And a) {
      out.add(a.left());
      out.add(a.right());
    } else if (e instanceof Ast.Or o) {
      out.add(o.left());
      out.add(o.right());
    } else if (e instanceof Ast.Compare c) {
      out.add(c.left());
      out.add(c.right());
    } else if (e instanceof Ast.Arith a) {
      out.add(a.left());
      out.add(a.right());
    }
    return out;
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

  private static TraceContextKind orFail(TraceContextKind k, Ast.Expr condition) throws OttlException {
    if (k == null && condition != null) {
      unknownFunctions(condition);
    }
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
