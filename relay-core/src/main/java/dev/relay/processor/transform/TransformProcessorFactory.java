package dev.relay.processor.transform;

import dev.relay.component.ComponentId;
import dev.relay.component.LogsProcessor;
import dev.relay.component.MetricsProcessor;
import dev.relay.component.ProcessorFactory;
import dev.relay.otlp.Signal;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.EditableTraces;
import dev.relay.ottl.OttlException;
import dev.relay.processor.ErrorMode;
import dev.relay.processor.LogWalker;
import dev.relay.processor.MetricWalker;
import dev.relay.processor.OttlGroup;
import dev.relay.processor.TraceContextKind;
import dev.relay.processor.TraceWalker;
import dev.relay.processor.Walker;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code transform} type. {@code trace_statements}, {@code log_statements} and {@code metric_statements} take
 * plain statements (their context inferred from their path prefixes) and groups
 * {@code {context, error_mode, conditions, statements}}, as the Collector does.
 */
public final class TransformProcessorFactory implements ProcessorFactory<TransformConfig> {
  @Override
  public String type() {
    return "transform";
  }

  @Override
  public TransformConfig parseConfig(ConfigMap cfg) {
    ErrorMode mode = ErrorMode.read(cfg, ErrorMode.IGNORE);
    List<OttlGroup<EditableTraces, ?>> groups = groups(cfg.list("trace_statements"), mode,
        TraceContextKind::fromConfig, "a trace context (resource, scope, span, spanevent)",
        TransformProcessorFactory::infer, TraceWalker::of);
    List<OttlGroup<ExportLogsServiceRequest.Builder, ?>> logGroups = groups(cfg.list("log_statements"), mode,
        LogWalker::fromConfig, "a log context (resource, scope, log)", TransformProcessorFactory::inferLog,
        LogWalker::walker);
    List<OttlGroup<ExportMetricsServiceRequest.Builder, ?>> metricGroups = groups(cfg.list("metric_statements"),
        mode, MetricWalker::fromConfig, "a metric context (resource, scope, metric, datapoint)",
        TransformProcessorFactory::inferMetric, MetricWalker::walker);
    cfg.rejectUnknown();
    return new TransformConfig(groups, logGroups, metricGroups);
  }

  /** Infers a group's context from its statements and conditions; null (after a fault on {@code at}) if it cannot. */
  @FunctionalInterface
  private interface Inference<K> {
    K infer(ConfigNode at, List<ConfigNode> statements, List<ConfigNode> conditions);
  }

  /**
   * {@code trace_statements} or {@code log_statements}: plain statements (their context inferred) or groups
   * {@code {context, error_mode, conditions, statements}}, compiled in order.
   */
  private static <K, R> List<OttlGroup<R, ?>> groups(List<ConfigNode> items, ErrorMode mode,
      Function<String, K> fromConfig, String contextKind, Inference<K> inference,
      Function<K, ? extends Walker<R, ?>> walker) {
    List<OttlGroup<R, ?>> groups = new ArrayList<>();
    for (ConfigNode item : items) {
      if (!item.isMap()) {
        if (item.asString() == null) {
          continue;
        }
        K kind = inference.infer(item, List.of(item), List.of());
        if (kind != null) {
          groups.add(OttlGroup.compile(walker.apply(kind), List.of(), List.of(item), mode));
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
      K kind;
      if (context != null) {
        kind = fromConfig.apply(context);
        if (kind == null) {
          group.problem("context", "'" + context + "' is not " + contextKind);
          continue;
        }
      } else {
        kind = inference.infer(item, statements, conditions);
        if (kind == null) {
          continue;
        }
      }
      groups.add(OttlGroup.compile(walker.apply(kind), conditions, statements, groupMode));
    }
    return groups;
  }

  private static LogWalker inferLog(ConfigNode at, List<ConfigNode> statements, List<ConfigNode> conditions) {
    List<String> heads = new ArrayList<>();
    try {
      for (ConfigNode n : statements) {
        if (n.asString() != null) {
          heads.addAll(TraceContextKind.pathHeads(n.asString(), false));
        }
      }
      for (ConfigNode n : conditions) {
        if (n.asString() != null) {
          heads.addAll(TraceContextKind.pathHeads(n.asString(), true));
        }
      }
    } catch (OttlException e) {
      at.problem("invalid statement: " + e.getMessage());
      return null;
    }
    return LogWalker.infer(heads);
  }

  /** The innermost metric context the statements and conditions need; a fault on {@code at} when none tells. */
  private static MetricWalker inferMetric(ConfigNode at, List<ConfigNode> statements, List<ConfigNode> conditions) {
    MetricWalker kind = null;
    try {
      for (ConfigNode n : statements) {
        if (n.asString() != null) {
          kind = MetricWalker.max(kind, MetricWalker.infer(n.asString(), false));
        }
      }
      for (ConfigNode n : conditions) {
        if (n.asString() != null) {
          kind = MetricWalker.max(kind, MetricWalker.infer(n.asString(), true));
        }
      }
    } catch (OttlException e) {
      at.problem("invalid statement: " + e.getMessage());
      return null;
    }
    if (kind == null) {
      at.problem("invalid statement: cannot tell which context this runs in: prefix its paths (metric.name,"
          + " datapoint.attributes, resource.attributes, ...) or give the group a context");
    }
    return kind;
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.allOf(Signal.class);
  }

  @Override
  public MetricsProcessor createMetricsProcessor(
      ComponentId id, TransformConfig config, MetricsConsumer next, TelemetrySettings telemetry) {
    return new MetricsTransformProcessor(id, config, next, telemetry);
  }

  @Override
  public LogsProcessor createLogsProcessor(
      ComponentId id, TransformConfig config, LogsConsumer next, TelemetrySettings telemetry) {
    return new LogsTransformProcessor(id, config, next, telemetry);
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
