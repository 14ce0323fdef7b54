package dev.relay.processor.filter;

import dev.relay.component.ComponentId;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.ConfigMap;
import dev.relay.consumer.TracesConsumer;
import dev.relay.ottl.Condition;
import dev.relay.component.LogsProcessor;
import dev.relay.otlp.Signal;
import dev.relay.consumer.LogsConsumer;
import dev.relay.component.MetricsProcessor;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.ottl.context.LogContext;
import dev.relay.ottl.context.MetricContext;
import dev.relay.ottl.context.MetricPaths;
import dev.relay.ottl.context.LogPaths;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanEventContext;
import dev.relay.ottl.context.SpanEventPaths;
import dev.relay.ottl.context.SpanPaths;
import dev.relay.processor.ErrorMode;
import dev.relay.processor.OttlGroup;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;

/** The {@code filter} type. */
public final class FilterProcessorFactory implements ProcessorFactory<FilterConfig> {
  @Override
  public String type() {
    return "filter";
  }

  @Override
  public FilterConfig parseConfig(ConfigMap cfg) {
    ErrorMode mode = ErrorMode.read(cfg, ErrorMode.IGNORE);
    ConfigMap traces = cfg.map("traces");
    List<String> spanTexts = new ArrayList<>();
    List<Condition<SpanContext>> span =
        OttlGroup.compileConditions(traces.list("span"), SpanPaths.compiler(), spanTexts);
    List<String> eventTexts = new ArrayList<>();
    List<Condition<SpanEventContext>> events =
        OttlGroup.compileConditions(traces.list("spanevent"), SpanEventPaths.compiler(), eventTexts);
    traces.rejectUnknown();
    ConfigMap logs = cfg.map("logs");
    List<String> logTexts = new ArrayList<>();
    List<Condition<LogContext>> logRecord =
        OttlGroup.compileConditions(logs.list("log_record"), LogPaths.compiler(), logTexts);
    logs.rejectUnknown();
    ConfigMap metrics = cfg.map("metrics");
    List<String> metricTexts = new ArrayList<>();
    List<Condition<MetricContext>> metric =
        OttlGroup.compileConditions(metrics.list("metric"), MetricPaths.metricCompiler(), metricTexts);
    List<String> pointTexts = new ArrayList<>();
    List<Condition<MetricContext>> datapoint =
        OttlGroup.compileConditions(metrics.list("datapoint"), MetricPaths.datapointCompiler(), pointTexts);
    metrics.rejectUnknown();
    cfg.rejectUnknown();
    return new FilterConfig(mode, span, spanTexts, events, eventTexts, logRecord, logTexts, metric, metricTexts,
        datapoint, pointTexts);
  }

  @Override
  public MetricsProcessor createMetricsProcessor(
      ComponentId id, FilterConfig config, MetricsConsumer next, TelemetrySettings telemetry) {
    return new MetricsFilterProcessor(id, config, next, telemetry);
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.allOf(Signal.class);
  }

  @Override
  public LogsProcessor createLogsProcessor(
      ComponentId id, FilterConfig config, LogsConsumer next, TelemetrySettings telemetry) {
    return new LogsFilterProcessor(id, config, next, telemetry);
  }

  @Override
  public TracesProcessor createTracesProcessor(
      ComponentId id, FilterConfig config, TracesConsumer next, TelemetrySettings telemetry) {
    return new FilterProcessor(id, config, next, telemetry);
  }
}
