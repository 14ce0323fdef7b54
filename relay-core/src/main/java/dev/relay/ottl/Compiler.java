package dev.relay.ottl;

import dev.relay.ottl.Ast.And;
import dev.relay.ottl.Ast.Arith;
import dev.relay.ottl.Ast.Call;
import dev.relay.ottl.Ast.Compare;
import dev.relay.ottl.Ast.CompareOp;
import dev.relay.ottl.Ast.EnumRef;
import dev.relay.ottl.Ast.Expr;
import dev.relay.ottl.Ast.ListExpr;
import dev.relay.ottl.Ast.Literal;
import dev.relay.ottl.Ast.Not;
import dev.relay.ottl.Ast.Or;
import dev.relay.ottl.Ast.PathExpr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Compiles OTTL text, once, into getters and conditions for one context {@code T}. */
public final class Compiler<T> {
  private final PathResolver<T> paths;
  private final Converters converters;
  private final EditorSet editors;
  /** The lambdas being compiled, innermost last: their parameters shadow paths of the same name. */
  private final java.util.ArrayDeque<LambdaFn<T>> lambdas = new java.util.ArrayDeque<>();

  public Compiler(PathResolver<T> paths, Converters converters, EditorSet editors) {
    this.paths = paths;
    this.converters = converters;
    this.editors = editors;
  }

  public Converters converters() {
    return converters;
  }

  /** Compiles a statement such as {@code set(attributes["env"], "prod") where name == "x"}. */
  public Statement<T> statement(String text) throws OttlException {
    Ast.Statement st = Parser.parseStatement(text);
    Call call = st.editor();
    Editor editor = editors.get(call.name());
    if (editor == null) {
      if (Character.isUpperCase(call.name().charAt(0)) && converters.get(call.name()) != null) {
        throw new OttlException("'" + call.name() + "' is a converter; a statement starts with an editor such as "
            + "set (column " + (call.pos() + 1) + ")");
      }
      throw FunctionNames.unknown(call.name(), call.pos(), functionNames());
    }
    List<String> params = editor.params();
    Expr[] byParam = new Expr[params.size()];
    for (int i = 0; i < call.args().size(); i++) {
      String name = call.argNames().get(i);
      int at = name == null ? i : params.indexOf(name);
      if (at < 0) {
        throw new OttlException(call.name() + " has no parameter '" + name + "' (parameters: "
            + String.join(", ", params) + ")");
      }
      if (at >= params.size()) {
        throw new OttlException(call.name() + " takes at most " + params.size() + " arguments, found "
            + call.args().size());
      }
      if (byParam[at] != null) {
        throw new OttlException(call.name() + ": parameter '" + params.get(at) + "' is given twice");
      }
      byParam[at] = call.args().get(i);
    }
    for (int i = 0; i < editor.required(); i++) {
      if (byParam[i] == null) {
        throw new OttlException(call.name() + " needs its '" + params.get(i) + "' argument (column "
            + (call.pos() + 1) + ")");
      }
    }
    Statement.Action<T> action = editor.compile(new EditorArgs<>(call.name(), byParam, this));
    Condition<T> where = st.where() == null ? null : bool(st.where());
    return new Statement<>(text, action, where);
  }

  /** Every editor's and converter's name, for the message about a name that is neither. */
  public java.util.Set<String> functionNames() {
    java.util.Set<String> all = new java.util.TreeSet<>(converters.nameSet());
    all.addAll(editors.nameSet());
    return all;
  }

  /** Compiles a path as a write target. */
  public Setter<T> setter(PathExpr path) throws OttlException {
    return paths.resolveSetter(path, this);
  }

  /** Compiles a condition such as {@code IsMatch(name, "^gateway\\.") and span.kind == SPAN_KIND_SERVER}. */
  public Condition<T> condition(String text) throws OttlException {
    return bool(Parser.parseExpression(text));
  }

  /** Compiles a value expression such as {@code span.attributes["luthien.call_id"]}. */
  public Getter<T> value(String text) throws OttlException {
    return value(Parser.parseExpression(text));
  }

  public Condition<T> bool(Expr e) throws OttlException {
    if (e instanceof And a) {
      Condition<T> l = bool(a.left());
      Condition<T> r = bool(a.right());
      return ctx -> l.test(ctx) && r.test(ctx);
    }
    if (e instanceof Or o) {
      Condition<T> l = bool(o.left());
      Condition<T> r = bool(o.right());
      return ctx -> l.test(ctx) || r.test(ctx);
    }
    if (e instanceof Not n) {
      Condition<T> inner = bool(n.operand());
      return ctx -> !inner.test(ctx);
    }
    if (e instanceof Compare c) {
      return compare(c);
    }
    if (e instanceof Literal l && l.value() instanceof Boolean b) {
      boolean v = b;
      return ctx -> v;
    }
    if (e instanceof Call c && c.keys().isEmpty()) {
      Converter conv = converters.get(c.name());
      if (conv != null && !conv.returnsBoolean()) {
        throw new OttlException(c.name() + " does not return a boolean, so it cannot stand alone as a condition"
            + " (column " + (c.pos() + 1) + "); compare its result instead");
      }
      Getter<T> g = call(c);
      return ctx -> Boolean.TRUE.equals(g.get(ctx));
    }
    if (e instanceof Ast.Lambda l) {
      value(l);
    }
    throw new OttlException("a condition must be a comparison, a boolean converter such as IsMatch, true/false, "
        + "or such conditions joined by and/or/not (column " + (e.pos() + 1) + ")");
  }

  private Condition<T> compare(Compare c) throws OttlException {
    Getter<T> l = value(c.left());
    Getter<T> r = value(c.right());
    CompareOp op = c.op();
    if (c.right() instanceof Literal lit) {
      Object constant = lit.value();
      return ctx -> Values.compare(op, l.get(ctx), constant);
    }
    return ctx -> Values.compare(op, l.get(ctx), r.get(ctx));
  }

  public Getter<T> value(Expr e) throws OttlException {
    if (e instanceof Literal l) {
      Object v = l.value();
      return ctx -> v;
    }
    if (e instanceof PathExpr p) {
      Getter<T> param = lambdaParam(p);
      return param != null ? param : paths.resolve(p, this);
    }
    if (e instanceof Ast.MapExpr m) {
      return map(m);
    }
    if (e instanceof Ast.Lambda l) {
      throw new OttlException("a lambda can only be the argument of a function such as Filter or Any (column "
          + (l.pos() + 1) + ")");
    }
    if (e instanceof Call c) {
      return call(c);
    }
    if (e instanceof EnumRef en) {
      Long v = paths.enums().get(en.name());
      if (v == null) {
        throw new OttlException("unknown enum '" + en.name() + "' at column " + (en.pos() + 1));
      }
      return ctx -> v;
    }
    if (e instanceof ListExpr le) {
      List<Getter<T>> items = new ArrayList<>();
      for (Expr item : le.items()) {
        items.add(value(item));
      }
      return ctx -> {
        List<Object> out = new ArrayList<>(items.size());
        for (Getter<T> g : items) {
          out.add(g.get(ctx));
        }
        return Collections.unmodifiableList(out);
      };
    }
    if (e instanceof Arith a) {
      return arith(a);
    }
    Condition<T> cond = bool(e);
    return ctx -> cond.test(ctx);
  }

  private Getter<T> call(Call c) throws OttlException {
    if (editors.get(c.name()) != null) {
      throw new OttlException("'" + c.name() + "' is an editor; editors change data and cannot be used inside an "
          + "expression (column " + (c.pos() + 1) + ")");
    }
    Converter conv = converters.get(c.name());
    if (conv == null) {
      throw FunctionNames.unknown(c.name(), c.pos(), functionNames());
    }
    List<Expr> given = c.args();
    if (c.hasNamedArgs()) {
      given = ConverterArgs.byName(conv, c);
    }
    List<Arg<T>> args = new ArrayList<>();
    for (Expr a : given) {
      if (a instanceof Ast.Lambda l) {
        LambdaFn<T> fn = lambda(l);
        args.add(new Arg<>(a, ctx -> {
          throw new OttlRuntimeException(c.name() + " does not take a lambda here");
        }, fn));
      } else {
        args.add(new Arg<>(a, value(a)));
      }
    }
    return withKeys(conv.compile(args), c.keys());
  }

  private LambdaFn<T> lambda(Ast.Lambda l) throws OttlException {
    LambdaFn<T> fn = new LambdaFn<>(l.params());
    lambdas.addLast(fn);
    try {
      fn.body(value(l.body()));
    } finally {
      lambdas.removeLast();
    }
    return fn;
  }

  /** A path naming a parameter of an enclosing lambda (keys allowed, fields not); null for any other path. */
  private Getter<T> lambdaParam(PathExpr p) throws OttlException {
    String name = p.fields().get(0).name();
    var it = lambdas.descendingIterator();
    while (it.hasNext()) {
      LambdaFn<T> fn = it.next();
      int slot = fn.slot(name);
      if (slot >= 0) {
        if (p.fields().size() > 1) {
          throw new OttlException("lambda parameter '" + name + "' has no fields; index it instead, as in "
              + name + "[\"key\"] (column " + (p.pos() + 1) + ")");
        }
        return withKeys(fn.param(slot), p.fields().get(0).keys());
      }
    }
    return null;
  }

  /** A map literal: its values evaluated, in order, into a map (a later duplicate key wins, in place). */
  private Getter<T> map(Ast.MapExpr m) throws OttlException {
    List<String> keys = m.keys();
    List<Getter<T>> values = new ArrayList<>();
    for (Expr v : m.values()) {
      values.add(value(v));
    }
    return ctx -> {
      List<io.opentelemetry.proto.common.v1.KeyValue> out = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        io.opentelemetry.proto.common.v1.AnyValue v = Values.toAny(values.get(i).get(ctx));
        var kv = io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey(keys.get(i))
            .setValue(v == null ? io.opentelemetry.proto.common.v1.AnyValue.getDefaultInstance() : v).build();
        int at = -1;
        for (int j = 0; j < out.size(); j++) {
          if (out.get(j).getKey().equals(kv.getKey())) {
            at = j;
          }
        }
        if (at >= 0) {
          out.set(at, kv);
        } else {
          out.add(kv);
        }
      }
      return new AttributeMap(out);
    };
  }

  /** Applies {@code [key]} indexes to a getter's result, e.g. {@code attributes["k"]["sub"]}. */
  public Getter<T> withKeys(Getter<T> base, List<Expr> keys) throws OttlException {
    Getter<T> g = base;
    for (Expr key : keys) {
      Getter<T> inner = g;
      if (key instanceof Literal lit) {
        Object k = lit.value();
        if (!(k instanceof String || k instanceof Long)) {
          throw new OttlException("a key must be a string or an int (column " + (key.pos() + 1) + ")");
        }
        g = ctx -> Values.index(inner.get(ctx), k);
      } else {
        Getter<T> kg = value(key);
        g = ctx -> Values.index(inner.get(ctx), kg.get(ctx));
      }
    }
    return g;
  }

  private Getter<T> arith(Arith a) throws OttlException {
    Getter<T> l = value(a.left());
    Getter<T> r = value(a.right());
    Ast.ArithOp op = a.op();
    return ctx -> {
      Object x = l.get(ctx);
      Object y = r.get(ctx);
      if (x instanceof Timestamp t) {
        x = t.unixNano();
      }
      if (y instanceof Timestamp t) {
        y = t.unixNano();
      }
      if (x instanceof Long i && y instanceof Long j) {
        return switch (op) {
          case ADD -> i + j;
          case SUB -> i - j;
          case MUL -> i * j;
          case DIV -> j == 0 ? null : i / j;
        };
      }
      if (x instanceof Number i && y instanceof Number j) {
        double u = i.doubleValue();
        double v = j.doubleValue();
        return switch (op) {
          case ADD -> u + v;
          case SUB -> u - v;
          case MUL -> u * v;
          case DIV -> v == 0 ? null : u / v;
        };
      }
      if (op == Ast.ArithOp.ADD && x instanceof String s && y instanceof String t) {
        return s + t;
      }
      return null;
    };
  }
}
