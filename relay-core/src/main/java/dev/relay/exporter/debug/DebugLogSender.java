package dev.relay.exporter.debug;

import dev.relay.component.ComponentId;
import dev.relay.exporter.BatchSender;
import dev.relay.exporter.debug.DebugExporterConfig.Verbosity;
import dev.relay.json.JsonWriter;
import dev.relay.json.SpanJson;
import dev.relay.json.ValueJson;
import dev.relay.ottl.Id;
import dev.relay.otlp.TracesBatch;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes batches to the log. */
final class DebugLogSender implements BatchSender {
  private static final Logger LOG = LoggerFactory.getLogger("dev.relay.exporter.debug");
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final ComponentId id;
  private final Verbosity verbosity;
  private final JsonWriter json = new JsonWriter(4096);

  DebugLogSender(ComponentId id, Verbosity verbosity) {
    this.id = id;
    this.verbosity = verbosity;
  }

  @Override
  public CompletableFuture<Void> send(List<TracesBatch> batches, Duration timeout) {
    for (TracesBatch batch : batches) {
      log(batch);
    }
    return DONE;
  }

  private void log(TracesBatch batch) {
    int events = 0;
    var request = batch.request();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          events += span.getEventsCount();
          if (verbosity == Verbosity.NORMAL) {
            LOG.info("{} span {} trace_id={} span_id={} kind={} status={} events={}", id, span.getName(),
                Id.hex(span.getTraceId()), Id.hex(span.getSpanId()), span.getKind(), span.getStatus().getCode(),
                span.getEventsCount());
            for (Span.Event e : span.getEventsList()) {
              json.reset();
              ValueJson.attributes(json, e.getAttributesList());
              LOG.info("{}   event {} {}", id, e.getName(), json);
            }
          } else if (verbosity == Verbosity.DETAILED) {
            SpanJson.write(json.reset(), rs.getResource(), ss.getScope(), span);
            LOG.info("{} {}", id, json);
          }
        }
      }
    }
    LOG.info("{} traces: {} resource spans, {} spans, {} span events", id,
        request.getResourceSpansCount(), batch.spanCount(), events);
  }

  @Override
  public String describe() {
    return "log (verbosity " + verbosity.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
