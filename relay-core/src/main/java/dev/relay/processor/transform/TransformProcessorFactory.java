package dev.relay.processor.transform;

import dev.relay.component.ComponentId;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.consumer.TracesConsumer;
import dev.relay.ottl.OttlException;
import dev.relay.processor.ErrorMode;
import dev.relay.processor.OttlGroup;
import dev.relay.processor.TraceContextKind;
import dev.relay.processor.TraceWalker;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code transform} type. {@code trace_statements} takes plain statements (their context inferred from their
 * path prefixes) and groups {@code {context, error_mode, conditions, statements}}, as the Collector does.
 */
public final class TransformProcessorFactory implements ProcessorFactory<TransformConfig> {
  @Override
  public String type() {
    return "transform";
  }

  @Override
  public TransformConfig parseConfig(ConfigMap cfg) {
    ErrorMode mode = ErrorMode.read(cfg, ErrorMode.PROPAGATE);
    List<OttlGroup<?>> groups = new ArrayList<>();
    for (ConfigNode item : cfg.list("trace_statements")) {
      if (!item.isMap()) {
        String text = item.asString();
        if (text == null) {
          continue;
        }
        TraceContextKind kind = infer(item, List.of(item), List.of());
        if (kind != null) {
          groups.add(OttlGroup.compile(TraceWalker.of(kind), List.of(), List.of(item), mode));
        }
        continue;
      }
      ConfigMap group = item.asMap();
      String context = group.string("context", null);
      ErrorMode groupMode = group.has("error_mode") ? ErrorMode.read(group, mode) : mode;
      List<ConfigNode> conditions = group.list("conditions");
      List<ConfigNode> statements = group.list("statements");
      if (statements.isEmpty()) {
        group.problem(group.has("statements") ? "statements" : null, "a statement group needs 'statements'");
      }
      group.rejectUnknown();
      TraceContextKind kind;
      if (context != null) {
        kind = TraceContextKind.fromConfig(context);
        if (kind == null) {
          group.problem("context", "'" + context + "' is not a trace context (resource, scope, span, spanevent)");
          continue;
        }
      } else {
        kind = infer(item, statements, conditions);
        if (kind == null) {
          continue;
        }
      }
      groups.add(OttlGroup.compile(TraceWalker.of(kind), conditions, statements, groupMode));
    }
    for (String other : List.of("metric_statements", "log_statements")) {
      if (cfg.has(other)) {
        cfg.problem(other, other + " are not supported yet: this relay carries traces");
        cfg.get(other);
      }
    }
    cfg.rejectUnknown();
    return new TransformConfig(groups);
  }

  /** The innermost context any statement or condition names; a fault on {@code at} when none does. */
  private static TraceContextKind infer(ConfigNode at, List<ConfigNode> statements, List<ConfigNode> conditions) {
    TraceContextKind kind = null;
    try {
      for (ConfigNode n : statements) {
        String text = n.asString();
        if (text != null) {
          kind = max(kind, TraceContextKind.infer(text, false));
        }
      }
      for (ConfigNode n : conditions) {
        String text = n.asString();
        if (text != null) {
          kind = max(kind, TraceContextKind.infer(text, true));
        }
      }
    } catch (OttlException e) {
      at.problem("invalid statement: " + e.getMessage());
      return null;
    }
    return kind;
  }

  private static TraceContextKind max(TraceContextKind a, TraceContextKind b) {
    return a == null || b.ordinal() > a.ordinal() ? b : a;
  }

  @Override
  public TracesProcessor createTracesProcessor(
      ComponentId id, TransformConfig config, TracesConsumer next, TelemetrySettings telemetry) {
    return new TransformProcessor(id, config, next, telemetry);
  }
}
