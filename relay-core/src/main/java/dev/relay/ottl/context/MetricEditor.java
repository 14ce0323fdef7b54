package dev.relay.ottl.context;

import dev.relay.ottl.Editor;
import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Statement;
import java.util.List;

/** An editor only the metric or datapoint context has: its statement acts on a {@link MetricContext}. */
final class MetricEditor implements Editor {
  /** Checks an editor's arguments once, at compile time, and returns what it does to each item. */
  @FunctionalInterface
  interface Body {
    Statement.Action<MetricContext> compile(EditorArgs<MetricContext> args) throws OttlException;
  }

  private final String name;
  private final List<String> params;
  private final int required;
  private final Body body;

  MetricEditor(String name, List<String> params, int required, Body body) {
    this.name = name;
    this.params = List.copyOf(params);
    this.required = required;
    this.body = body;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<String> params() {
    return params;
  }

  @Override
  public int required() {
    return required;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    // Only the metric and datapoint compilers hold these editors, so T is MetricContext.
    Statement.Action<MetricContext> action = body.compile((EditorArgs<MetricContext>) (EditorArgs<?>) args);
    return (Statement.Action<T>) (Statement.Action<?>) action;
  }
}
