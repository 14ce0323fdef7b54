package dev.relay.exporter.redis;

import dev.relay.json.JsonWriter;
import dev.relay.otlp.TracesBatch;
import dev.relay.ottl.context.SpanEventContext;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;

/**
 * Walks every event of every span in a batch, evaluates each route and hands each selected event's channel and JSON
 * to a sink. One instance per thread: it reuses its context and JSON buffer.
 */
final class EventRouter {
  /** Receives one message; {@code json} is only valid during the call. */
  interface Sink {
    void message(Route route, String channel, JsonWriter json);

    /** A selected event whose channel placeholders had no value. */
    void unresolvedChannel(Route route);
  }

  private final List<Route> routes;
  private final SpanEventContext ctx = new SpanEventContext();
  private final JsonWriter json = new JsonWriter(1024);

  EventRouter(List<Route> routes) {
    this.routes = routes;
  }

  void route(TracesBatch batch, Sink sink) {
    for (ResourceSpans rs : batch.request().getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          if (span.getEventsCount() == 0) {
            continue;
          }
          for (Span.Event event : span.getEventsList()) {
            ctx.set(rs.getResource(), ss.getScope(), span, event);
            for (int r = 0, n = routes.size(); r < n; r++) {
              Route route = routes.get(r);
              if (!route.match().test(ctx)) {
                continue;
              }
              String channel = route.channel().render(ctx);
              if (channel == null) {
                sink.unresolvedChannel(route);
                continue;
              }
              route.payload().write(json.reset(), ctx);
              sink.message(route, channel, json);
            }
          }
        }
      }
    }
  }
}
