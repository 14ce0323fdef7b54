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
    for (Ast.Expr child : Ast.children(e)) {
      unknownFunctions(child);
    }
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
    heads(e, out, java.util.Set.of());
  }

  /** The path heads under {@code e}, leaving out the parameters of the lambdas around them. */
  private static void heads(Ast.Expr e, java.util.List<String> out, java.util.Set<String> bound) {
    java.util.Set<String> inner = bound;
    if (e instanceof Ast.PathExpr p && !bound.contains(p.fields().get(0).name())) {
      out.add(p.fields().get(0).name());
    } else if (e instanceof Ast.Lambda l) {
      inner = new java.util.HashSet<>(bound);
      inner.addAll(l.params());
    }
    for (Ast.Expr child : Ast.children(e)) {
      heads(child, out, inner);
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
    java.util.List<String> heads = new java.util.ArrayList<>();
    heads(e, heads);
    for (String head : heads) {
      TraceContextKind k = switch (head) {
        case "resource" -> RESOURCE;
        case "scope", "instrumentation_scope" -> SCOPE;
        case "span" -> SPAN;
        case "spanevent" -> SPANEVENT;
        default -> null;
      };
      if (k != null && (found == null || k.ordinal() > found.ordinal())) {
        found = k;
      }
    }
    return found;
  }
}
