package dev.relay.processor.filter;

import dev.relay.ottl.Condition;
import dev.relay.ottl.context.LogContext;
import dev.relay.ottl.context.MetricContext;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanEventContext;
import dev.relay.processor.ErrorMode;
import java.util.List;

/** Settings of one {@code filter} processor, with its conditions compiled. */
public record FilterConfig(
    ErrorMode errorMode,
    List<Condition<SpanContext>> span,
    List<String> spanTexts,
    List<Condition<SpanEventContext>> spanEvent,
    List<String> spanEventTexts,
    List<Condition<LogContext>> logRecord,
    List<String> logRecordTexts,
    List<Condition<MetricContext>> metric,
    List<String> metricTexts,
    List<Condition<MetricContext>> datapoint,
    List<String> datapointTexts) {
  public FilterConfig {
    span = List.copyOf(span);
    spanTexts = List.copyOf(spanTexts);
    spanEvent = List.copyOf(spanEvent);
    spanEventTexts = List.copyOf(spanEventTexts);
    logRecord = List.copyOf(logRecord);
    logRecordTexts = List.copyOf(logRecordTexts);
    metric = List.copyOf(metric);
    metricTexts = List.copyOf(metricTexts);
    datapoint = List.copyOf(datapoint);
    datapointTexts = List.copyOf(datapointTexts);
  }
}
