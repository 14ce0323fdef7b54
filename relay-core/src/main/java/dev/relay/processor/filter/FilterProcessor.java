package dev.relay.processor.filter;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.TracesBatch;
import dev.relay.ottl.Condition;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanEventContext;
import dev.relay.processor.OttlErrors;
import io.micrometer.core.instrument.Counter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;

/**
 * Drops spans any span condition matches, then span events any event condition matches (a dropped span's events
 * are not looked at), then scopes and resources left empty. When nothing is dropped the batch goes on as it came.
 */
final class FilterProcessor implements TracesProcessor {
  private final FilterConfig config;
  private final TracesConsumer next;
  private final OttlErrors errors;
  private final Counter droppedSpans;
  private final Counter droppedEvents;

  FilterProcessor(ComponentId id, FilterConfig config, TracesConsumer next, TelemetrySettings telemetry) {
    this.config = config;
    this.next = next;
    this.errors = new OttlErrors(id, telemetry.meterRegistry());
    var registry = telemetry.meterRegistry();
    this.droppedSpans = Counter.builder("relay.processor.filter.dropped.spans").tag("processor", id.toString())
        .register(registry);
    this.droppedEvents = Counter.builder("relay.processor.filter.dropped.span.events")
        .tag("processor", id.toString()).register(registry);
  }

  @Override
  public void consumeTraces(TracesBatch batch) {
    if (config.span().isEmpty() && config.spanEvent().isEmpty()) {
      next.consumeTraces(batch);
      return;
    }
    ExportTraceServiceRequest.Builder req = batch.toBuilder();
    SpanContext spanCtx = new SpanContext();
    SpanEventContext eventCtx = new SpanEventContext();
    long spansDropped = 0;
    long eventsDropped = 0;
    for (int r = req.getResourceSpansCount() - 1; r >= 0; r--) {
      ResourceSpans.Builder rs = req.getResourceSpansBuilder(r);
      for (int s = rs.getScopeSpansCount() - 1; s >= 0; s--) {
        ScopeSpans.Builder ss = rs.getScopeSpansBuilder(s);
        for (int i = ss.getSpansCount() - 1; i >= 0; i--) {
          Span.Builder span = ss.getSpansBuilder(i);
          if (any(config.span(), config.spanTexts(), spanCtx.set(rs.getResourceBuilder(), ss.getScopeBuilder(), span))) {
            ss.removeSpans(i);
            spansDropped++;
            continue;
          }
          for (int e = span.getEventsCount() - 1; e >= 0 && !config.spanEvent().isEmpty(); e--) {
            eventCtx.set(rs.getResourceBuilder(), ss.getScopeBuilder(), span, span.getEventsBuilder(e));
            if (any(config.spanEvent(), config.spanEventTexts(), eventCtx)) {
              span.removeEvents(e);
              eventsDropped++;
            }
          }
        }
        if (ss.getSpansCount() == 0) {
          rs.removeScopeSpans(s);
        }
      }
      if (rs.getScopeSpansCount() == 0) {
        req.removeResourceSpans(r);
      }
    }
    if (spansDropped == 0 && eventsDropped == 0) {
      next.consumeTraces(batch);
      return;
    }
    droppedSpans.increment(spansDropped);
    droppedEvents.increment(eventsDropped);
    TracesBatch out = TracesBatch.of(req.build());
    if (!out.isEmpty()) {
      next.consumeTraces(out);
    }
  }

  private <T> boolean any(List<Condition<T>> conditions, List<String> texts, T ctx) {
    for (int i = 0; i < conditions.size(); i++) {
      try {
        if (conditions.get(i).test(ctx)) {
          return true;
        }
      } catch (OttlRuntimeException e) {
        errors.handle(config.errorMode(), "condition '" + texts.get(i) + "'", e);
      }
    }
    return false;
  }

  @Override
  public String describe() {
    return "filter: " + config.span().size() + " span and " + config.spanEvent().size() + " span event conditions";
  }
}
