package dev.relay.processor.filter;

import dev.relay.consumer.Capabilities;
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
import dev.relay.otlp.EditableTraces;
import dev.relay.otlp.EditableTraces.ResourceGroup;
import dev.relay.otlp.EditableTraces.ScopeGroup;
import dev.relay.otlp.WireSpan;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Iterator;
import java.util.List;

/**
 * Drops spans any span condition matches, then span events any event condition matches (a dropped span's events
 * are not looked at), then scopes and resources left empty. Conditions read the spans where they lie in the
 * request's bytes ({@link EditableTraces}); when nothing is dropped, the batch goes on exactly as it came (with the
 * opened request attached for the next processor), and only a batch that lost something is encoded anew.
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
    EditableTraces req = EditableTraces.open(batch.bytes());
    long spans = 0;
    long events = 0;
    SpanContext spanCtx = new SpanContext();
    SpanEventContext eventCtx = new SpanEventContext();
    for (ResourceGroup rg : req.resources()) {
      for (ScopeGroup sg : rg.scopes()) {
        Iterator<WireSpan> it = sg.spans().iterator();
        while (it.hasNext()) {
          WireSpan span = it.next();
          if (any(config.span(), config.spanTexts(), spanCtx.set(rg.resource(), sg.scope(), span))) {
            it.remove();
            spans++;
            continue;
          }
          if (!config.spanEvent().isEmpty()) {
            events += dropEvents(rg, sg, span, eventCtx);
          }
        }
      }
    }
    if (spans == 0 && events == 0) {
      next.consumeTraces(batch.withOpened(req)); // a transform after this one need not open it again
      return;
    }
    droppedSpans.increment(spans);
    droppedEvents.increment(events);
    req.removeEmptyGroups();
    if (req.spanCount() > 0) {
      next.consumeTraces(TracesBatch.fromEncoded(req.encode(), req.spanCount()));
    }
  }

  /** Drops the span's events that match; decodes the span only when one does. Returns how many were dropped. */
  private int dropEvents(ResourceGroup rg, ScopeGroup sg, WireSpan span, SpanEventContext eventCtx) {
    int n = span.getEventsCount();
    if (n == 0) {
      return 0;
    }
    boolean[] drop = null;
    for (int e = 0; e < n; e++) {
      eventCtx.set(rg.resource(), sg.scope(), span, span.getEvents(e));
      if (any(config.spanEvent(), config.spanEventTexts(), eventCtx)) {
        if (drop == null) {
          drop = new boolean[n];
        }
        drop[e] = true;
      }
    }
    if (drop == null) {
      return 0;
    }
    Span.Builder b = span.builder();
    int dropped = 0;
    for (int e = n - 1; e >= 0; e--) {
      if (drop[e]) {
        b.removeEvents(e);
        dropped++;
      }
    }
    return dropped;
  }

  private <T> boolean any(List<Condition<T>> conditions, List<String> texts, T ctx) {
    return errors.any(conditions, texts, ctx, config.errorMode());
  }

  /** Only computes on the batch; what it hands on to is counted by the graph. */
  @Override
  public Capabilities capabilities() {
    return Capabilities.NEVER_BLOCKS;
  }

  @Override
  public String describe() {
    return "filter: " + config.span().size() + " span and " + config.spanEvent().size() + " span event conditions";
  }
}
