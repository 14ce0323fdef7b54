package dev.relay.processor.filter;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.TracesBatch;
import dev.relay.ottl.Condition;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanEventContext;
import dev.relay.processor.OttlErrors;
import io.micrometer.core.instrument.Counter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops spans any span condition matches, then span events any event condition matches (a dropped span's events
 * are not looked at), then scopes and resources left empty. Conditions are evaluated on the decoded request; a
 * changed copy is built only when something is dropped, and otherwise the batch goes on as it came (with its
 * decoded form attached, so a transform after it does not decode again).
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

  /** Where something is dropped: a span ({@code event} -1) or one of its events. */
  private record Drop(int resource, int scope, int span, int event) {}

  @Override
  public void consumeTraces(TracesBatch batch) {
    if (config.span().isEmpty() && config.spanEvent().isEmpty()) {
      next.consumeTraces(batch);
      return;
    }
    ExportTraceServiceRequest req = batch.request();
    List<Drop> drops = decide(req);
    if (drops.isEmpty()) {
      next.consumeTraces(batch.withDecoded(req));
      return;
    }
    ExportTraceServiceRequest.Builder out = req.toBuilder();
    long spans = 0;
    long events = 0;
    // Remove from the last to the first, so that earlier indexes stay valid.
    for (int d = drops.size() - 1; d >= 0; d--) {
      Drop drop = drops.get(d);
      ScopeSpans.Builder ss = out.getResourceSpansBuilder(drop.resource()).getScopeSpansBuilder(drop.scope());
      if (drop.event() < 0) {
        ss.removeSpans(drop.span());
        spans++;
      } else {
        ss.getSpansBuilder(drop.span()).removeEvents(drop.event());
        events++;
      }
    }
    for (int r = out.getResourceSpansCount() - 1; r >= 0; r--) {
      ResourceSpans.Builder rs = out.getResourceSpansBuilder(r);
      for (int s = rs.getScopeSpansCount() - 1; s >= 0; s--) {
        if (rs.getScopeSpans(s).getSpansCount() == 0) {
          rs.removeScopeSpans(s);
        }
      }
      if (rs.getScopeSpansCount() == 0) {
        out.removeResourceSpans(r);
      }
    }
    droppedSpans.increment(spans);
    droppedEvents.increment(events);
    TracesBatch changed = TracesBatch.of(out.build());
    if (!changed.isEmpty()) {
      next.consumeTraces(changed);
    }
  }

  private List<Drop> decide(ExportTraceServiceRequest req) {
    List<Drop> drops = new ArrayList<>(0);
    SpanContext spanCtx = new SpanContext();
    SpanEventContext eventCtx = new SpanEventContext();
    for (int r = 0; r < req.getResourceSpansCount(); r++) {
      ResourceSpans rs = req.getResourceSpans(r);
      for (int s = 0; s < rs.getScopeSpansCount(); s++) {
        ScopeSpans ss = rs.getScopeSpans(s);
        for (int i = 0; i < ss.getSpansCount(); i++) {
          Span span = ss.getSpans(i);
          if (any(config.span(), config.spanTexts(), spanCtx.set(rs.getResource(), ss.getScope(), span))) {
            drops.add(new Drop(r, s, i, -1));
            continue;
          }
          if (config.spanEvent().isEmpty()) {
            continue;
          }
          for (int e = 0; e < span.getEventsCount(); e++) {
            eventCtx.set(rs.getResource(), ss.getScope(), span, span.getEvents(e));
            if (any(config.spanEvent(), config.spanEventTexts(), eventCtx)) {
              drops.add(new Drop(r, s, i, e));
            }
          }
        }
      }
    }
    return drops;
  }

  private <T> boolean any(List<Condition<T>> conditions, List<String> texts, T ctx) {
    return errors.any(conditions, texts, ctx, config.errorMode());
  }

  @Override
  public String describe() {
    return "filter: " + config.span().size() + " span and " + config.spanEvent().size() + " span event conditions";
  }
}
