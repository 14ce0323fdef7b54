package dev.relay.exporter.redis;

import dev.relay.json.JsonWriter;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.ottl.context.LogContext;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.function.Function;
import dev.relay.ottl.context.SpanEventContext;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.relay.otlp.WireReader;
import dev.relay.ottl.OttlRuntimeException;
import java.util.List;

/**
 * Walks every event of every span in a batch (or every record of a logs batch), evaluates each route and hands
 * each selected event's channel and JSON to a sink. Log records are decoded; for spans, it walks the request's bytes and decodes only what the routes read: the event, and the span, resource
 * or scope only when a path asks for them. One instance per thread: it reuses its context and JSON buffer.
 */
final class EventRouter {
  /** Receives one message; {@code json} is only valid during the call. */
  interface Sink {
    /** A selected event; {@code channel} or {@code stream} is null where the route has none or it did not render. */
    void message(Route route, String channel, String stream, JsonWriter json);

    /** A selected event whose channel or stream placeholders had no value. */
    void unresolvedChannel(Route route);

    /** A selected event whose channel or stream name came out too long or with a forbidden character. */
    void invalidChannel(Route route);

    /** A selected event whose JSON stayed over the payload limit (after truncation, if configured). */
    void tooLarge(Route route, int targets);

    /** A selected event whose JSON was over the limit and fits after its long strings were cut. */
    void truncated(Route route);

    /** A route whose condition, channel or payload failed on this event (a type error, a regex over budget). */
    void routeFailed(Route route, OttlRuntimeException e);
  }

  private final List<Route> routes;
  private final int maxPayloadBytes;
  private final boolean truncate;
  private final SpanEventContext ctx = new SpanEventContext();
  private final LogContext logCtx = new LogContext();
  private final boolean anyLogRoutes;
  private final JsonWriter json = new JsonWriter(1024);

  EventRouter(List<Route> routes, int maxPayloadBytes, boolean truncate) {
    this.routes = routes;
    this.maxPayloadBytes = maxPayloadBytes;
    this.truncate = truncate;
    this.anyLogRoutes = routes.stream().anyMatch(r -> r.logs() != null);
  }

  /**
   * Fits the payload just written under the limit: by cutting long string values shorter and shorter, when
   * truncation is on. Returns false (and tells the sink) when it does not fit.
   */
  private <C> boolean fit(Route route, Payload<C> payload, C ctx, Sink sink, int targets) {
    if (json.size() <= maxPayloadBytes) {
      return true;
    }
    if (truncate) {
      for (int limit = maxPayloadBytes / 2; limit >= 8; limit /= 2) {
        payload.write(json.reset().limitStrings(limit), ctx);
        if (json.size() <= maxPayloadBytes) {
          sink.truncated(route);
          return true;
        }
      }
    }
    sink.tooLarge(route, targets);
    return false;
  }

  /** Evaluates every route with log-context expressions on every log record of the batch. */
  void route(LogsBatch batch, Sink sink) {
    if (!anyLogRoutes) {
      return;
    }
    for (ResourceLogs rl : batch.request().getResourceLogsList()) {
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        for (LogRecord r : sl.getLogRecordsList()) {
          logCtx.set(rl.getResource(), sl.getScope(), r);
          evaluate(logCtx, Route::logs, sink);
        }
      }
    }
  }

  void route(TracesBatch batch, Sink sink) {
    byte[] bytes = batch.bytes();
    ctx.wire(bytes);
    try {
      walkRequest(new WireReader(bytes), bytes.length, sink);
    } catch (InvalidProtocolBufferException e) {
      // the request was validated when it was received, or encoded by the relay itself
      throw new IllegalStateException("validated request failed to walk", e);
    }
  }

  // Field numbers of opentelemetry-proto's trace messages.
  private static final int REQUEST_RESOURCE_SPANS = 1;
  private static final int RESOURCE_SPANS_RESOURCE = 1;
  private static final int RESOURCE_SPANS_SCOPE_SPANS = 2;
  private static final int SCOPE_SPANS_SCOPE = 1;
  private static final int SCOPE_SPANS_SPANS = 2;
  private static final int SPAN_EVENTS = 11;

  private void walkRequest(WireReader r, int end, Sink sink) throws InvalidProtocolBufferException {
    while (r.pos() < end) {
      int tag = r.tag(end);
      if (tag != (REQUEST_RESOURCE_SPANS << 3 | 2)) {
        r.skipField(tag, end, 0);
        continue;
      }
      int len = r.length(end);
      int stop = r.pos() + len;
      // The resource may come after the scope spans on the wire: find it first.
      int[] at = find(r, stop, RESOURCE_SPANS_RESOURCE);
      ctx.wireResource(at[0], at[1]);
      walkResourceSpans(r, stop, sink);
      r.seek(stop);
    }
  }

  private void walkResourceSpans(WireReader r, int end, Sink sink) throws InvalidProtocolBufferException {
    while (r.pos() < end) {
      int tag = r.tag(end);
      if (tag != (RESOURCE_SPANS_SCOPE_SPANS << 3 | 2)) {
        r.skipField(tag, end, 0);
        continue;
      }
      int len = r.length(end);
      int stop = r.pos() + len;
      int[] at = find(r, stop, SCOPE_SPANS_SCOPE);
      ctx.wireScope(at[0], at[1]);
      while (r.pos() < stop) {
        int t = r.tag(stop);
        if (t != (SCOPE_SPANS_SPANS << 3 | 2)) {
          r.skipField(t, stop, 0);
          continue;
        }
        int spanLen = r.length(stop);
        int spanStart = r.pos();
        walkSpan(r, spanStart, spanStart + spanLen, sink);
        r.seek(spanStart + spanLen);
      }
    }
  }

  private void walkSpan(WireReader r, int start, int end, Sink sink) throws InvalidProtocolBufferException {
    ctx.wireSpan(start, end - start);
    while (r.pos() < end) {
      int tag = r.tag(end);
      if (tag != (SPAN_EVENTS << 3 | 2)) {
        r.skipField(tag, end, 0);
        continue;
      }
      int len = r.length(end);
      ctx.wireEvent(r.pos(), len);
      r.seek(r.pos() + len);
      evaluate(ctx, Route::events, sink);
    }
  }

  private <C> void evaluate(C ctx, Function<Route, Route.Selector<C>> form, Sink sink) {
    for (int i = 0, n = routes.size(); i < n; i++) {
      Route route = routes.get(i);
      Route.Selector<C> sel = form.apply(route);
      if (sel == null) {
        continue;
      }
      String channel = null;
      String stream = null;
      try {
        if (!sel.match().test(ctx)) {
          continue;
        }
        channel = sel.channel() == null ? null : sel.channel().render(ctx);
        stream = sel.stream() == null ? null : sel.stream().render(ctx);
        if ((channel != null && channel != Template.INVALID) || (stream != null && stream != Template.INVALID)) {
          sel.payload().write(json.reset(), ctx);
        }
      } catch (OttlRuntimeException e) {
        sink.routeFailed(route, e); // counted once for the route's targets, whatever rendered before
        continue;
      }
      // Each target is counted once: unresolved and invalid ones here, the others as published, streamed or dropped.
      if (channel == Template.INVALID) {
        sink.invalidChannel(route);
        channel = null;
      } else if (sel.channel() != null && channel == null) {
        sink.unresolvedChannel(route);
      }
      if (stream == Template.INVALID) {
        sink.invalidChannel(route);
        stream = null;
      } else if (sel.stream() != null && stream == null) {
        sink.unresolvedChannel(route);
      }
      int targets = (channel != null ? 1 : 0) + (stream != null ? 1 : 0);
      if (targets == 0 || !fit(route, sel.payload(), ctx, sink, targets)) {
        continue;
      }
      sink.message(route, channel, stream, json);
    }
  }

  /** The range {offset, length} of the first length-delimited {@code field} before {@code end}, or {-1, 0}. */
  private final int[] found = new int[2];

  private int[] find(WireReader r, int end, int field) throws InvalidProtocolBufferException {
    int mark = r.pos();
    found[0] = -1;
    found[1] = 0;
    while (r.pos() < end) {
      int tag = r.tag(end);
      if (tag == (field << 3 | 2)) {
        found[1] = r.length(end);
        found[0] = r.pos();
        break;
      }
      r.skipField(tag, end, 0);
    }
    r.seek(mark);
    return found;
  }
}
