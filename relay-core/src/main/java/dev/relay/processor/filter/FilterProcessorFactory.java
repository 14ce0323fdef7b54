package dev.relay.processor.filter;

import dev.relay.component.ComponentId;
import dev.relay.component.LogsProcessor;
import dev.relay.component.MetricsProcessor;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.Signal;
import dev.relay.ottl.Condition;
import dev.relay.ottl.context.LogContext;
import dev.relay.ottl.context.LogPaths;
import dev.relay.ottl.context.MetricContext;
import dev.relay.ottl.context.MetricPaths;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanEventContext;
import dev.relay.ottl.context.SpanEventPaths;
import dev.relay.ottl.context.SpanPaths;
import dev.relay.processor.ErrorMode;
import dev.relay.processor.OttlGroup;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    ContextConditions traceConditions = ContextConditions.read(cfg, "trace_conditions",
        List.of("resource", "scope", "span", "spanevent"), Map.of("instrumentation_scope", "scope"));
    List<String> spanTexts = new ArrayList<>();
    List<Condition<SpanContext>> span = OttlGroup.compileConditions(
        concat(traces.list("span"), traceConditions.of("resource", "scope", "span")), SpanPaths.compiler(),
        spanTexts);
    List<String> eventTexts = new ArrayList<>();
    List<Condition<SpanEventContext>> events = OttlGroup.compileConditions(
        concat(traces.list("spanevent"), traceConditions.of("spanevent")), SpanEventPaths.compiler(), eventTexts);
    traces.rejectUnknown();
    ConfigMap spans = cfg.map("spans");
    legacy(spans, true, SpanPaths.compiler(), span, spanTexts);
    spans.rejectUnknown();
    ConfigMap logs = cfg.map("logs");
    ContextConditions logConditions = ContextConditions.read(cfg, "log_conditions",
        List.of("resource", "scope", "log"), Map.of("instrumentation_scope", "scope"));
    List<String> logTexts = new ArrayList<>();
    List<Condition<LogContext>> logRecord = OttlGroup.compileConditions(
        concat(logs.list("log_record"), logConditions.of("resource", "scope", "log")), LogPaths.compiler(),
        logTexts);
    rejectLogMatchWithConditions(cfg, logs);
    legacy(logs, false, LogPaths.compiler(), logRecord, logTexts);
    logs.rejectUnknown();
    ConfigMap metrics = cfg.map("metrics");
    ContextConditions metricConditions = ContextConditions.read(cfg, "metric_conditions",
        List.of("resource", "scope", "metric", "datapoint"), Map.of("instrumentation_scope", "scope"));
    List<String> metricTexts = new ArrayList<>();
    List<Condition<MetricContext>> metric = OttlGroup.compileConditions(
        concat(metrics.list("metric"), metricConditions.of("resource", "scope", "metric")),
        MetricPaths.metricCompiler(), metricTexts);
    List<String> pointTexts = new ArrayList<>();
    List<Condition<MetricContext>> datapoint = OttlGroup.compileConditions(
        concat(metrics.list("datapoint"), metricConditions.of("datapoint")), MetricPaths.datapointCompiler(),
        pointTexts);
    metrics.rejectUnknown();
    cfg.rejectUnknown();
    return new FilterConfig(mode, span, spanTexts, events, eventTexts, logRecord, logTexts, metric, metricTexts,
        datapoint, pointTexts);
  }

  /** As the Collector: the logs match config cannot be combined with log conditions. */
  private static void rejectLogMatchWithConditions(ConfigMap cfg, ConfigMap logs) {
    String matchKey = logs.has("include") ? "include" : logs.has("exclude") ? "exclude" : null;
    if (matchKey == null) {
      return;
    }
    if (cfg.has("log_conditions")) {
      logs.problem(matchKey, "cannot use context inferred log conditions \"log_conditions\" and the settings"
          + " \"logs.log_record\", \"logs.include\", \"logs.exclude\" at the same time");
    } else if (logs.has("log_record")) {
      logs.problem(matchKey, "cannot use \"logs.log_record\" and the settings \"logs.include\", \"logs.exclude\""
          + " at the same time");
    }
  }

  /** The older {@code include}/{@code exclude} match config of {@code section}, as one more drop condition. */
  private static <T> void legacy(ConfigMap section, boolean spans, dev.relay.ottl.Compiler<T> compiler,
      List<Condition<T>> conditions, List<String> texts) {
    String text = LegacyMatch.dropCondition(section, spans);
    if (text == null) {
      return;
    }
    try {
      conditions.add(compiler.condition(text));
      texts.add(text);
    } catch (dev.relay.ottl.OttlException e) {
      section.problem(null, "cannot match as configured: " + e.getMessage());
    }
  }

  private static List<ConfigNode> concat(List<ConfigNode> a, List<ConfigNode> b) {
    List<ConfigNode> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
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
