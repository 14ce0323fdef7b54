package dev.relay.processor;

import dev.relay.config.ConfigNode;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Condition;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.ottl.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A group of statements compiled for one OTTL context, with optional conditions (ORed) that gate them, as in the
 * Collector's {@code trace_statements} and {@code log_statements} entries. {@code R} is the request builder the
 * group runs on.
 */
public final class OttlGroup<R, T> {
  private final Walker<R, T> walker;
  private final List<Condition<T>> conditions;
  private final List<String> conditionTexts;
  private final List<Statement<T>> statements;
  private final ErrorMode mode;

  private OttlGroup(Walker<R, T> walker, List<Condition<T>> conditions, List<String> conditionTexts,
      List<Statement<T>> statements, ErrorMode mode) {
    this.walker = walker;
    this.conditions = List.copyOf(conditions);
    this.conditionTexts = List.copyOf(conditionTexts);
    this.statements = List.copyOf(statements);
    this.mode = mode;
  }

  /** Compiles conditions and statements given as config nodes; faults are recorded on the node at fault. */
  public static <R, T> OttlGroup<R, T> compile(
      Walker<R, T> walker, List<ConfigNode> conditionNodes, List<ConfigNode> statementNodes, ErrorMode mode) {
    Compiler<T> compiler = walker.compiler();
    List<String> texts = new ArrayList<>();
    List<Condition<T>> conditions = compileConditions(conditionNodes, compiler, texts);
    List<Statement<T>> statements = new ArrayList<>();
    for (ConfigNode n : statementNodes) {
      String text = n.asString();
      if (text == null) {
        continue;
      }
      try {
        statements.add(compiler.statement(text));
      } catch (OttlException e) {
        n.problem("invalid statement: " + e.getMessage());
      }
    }
    return new OttlGroup<>(walker, conditions, texts, statements, mode);
  }

  /**
   * Compiles conditions given as config nodes, adding each one's text to {@code texts} (for error messages);
   * faults are recorded on the node at fault.
   */
  public static <T> List<Condition<T>> compileConditions(
      List<ConfigNode> nodes, Compiler<T> compiler, List<String> texts) {
    List<Condition<T>> out = new ArrayList<>();
    for (ConfigNode n : nodes) {
      String text = n.asString();
      if (text == null) {
        continue;
      }
      try {
        out.add(compiler.condition(text));
        texts.add(text);
      } catch (OttlException e) {
        n.problem("invalid condition: " + e.getMessage());
      }
    }
    return out;
  }

  public int size() {
    return statements.size();
  }

  /** Runs the group over every item of its context in {@code req}. */
  public void run(R req, OttlErrors errors) {
    walker.each(req, ctx -> {
      if (!conditionsHold(ctx, errors)) {
        return;
      }
      for (Statement<T> st : statements) {
        try {
          st.execute(ctx);
        } catch (OttlRuntimeException e) {
          errors.handle(mode, "statement '" + st.text() + "'", e);
        }
      }
    });
  }

  private boolean conditionsHold(T ctx, OttlErrors errors) {
    if (conditions.isEmpty()) {
      return true;
    }
    for (int i = 0; i < conditions.size(); i++) {
      try {
        if (conditions.get(i).test(ctx)) {
          return true;
        }
      } catch (OttlRuntimeException e) {
        errors.handle(mode, "condition '" + conditionTexts.get(i) + "'", e);
      }
    }
    return false;
  }
}
