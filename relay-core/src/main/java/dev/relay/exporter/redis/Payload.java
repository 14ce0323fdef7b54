package dev.relay.exporter.redis;

import dev.relay.json.JsonWriter;
import dev.relay.ottl.ValueJson;
import dev.relay.ottl.Getter;
import dev.relay.ottl.Id;
import dev.relay.ottl.Timestamp;
import dev.relay.json.otlp.LogJson;
import dev.relay.ottl.context.LogContext;
import dev.relay.ottl.context.SpanEventContext;
import java.util.List;

/**
 * How a route turns an event into JSON: either the configured {@code payload} (JSON keys mapped to OTTL expressions,
 * nested maps allowed) or the default message.
 */
sealed interface Payload<C> permits Payload.Configured, Payload.Default, Payload.LogDefault {
  void write(JsonWriter w, C ctx);

  /** One configured key: a value expression, or a nested object. */
  record Entry<C>(String key, Getter<C> value, Configured<C> nested) {}

  /** The {@code payload:} map of a route. */
  record Configured<C>(List<Entry<C>> entries) implements Payload<C> {
    @Override
    public void write(JsonWriter w, C ctx) {
      w.beginObject();
      for (Entry<C> e : entries) {
        w.name(e.key());
        if (e.nested() != null) {
          e.nested().write(w, ctx);
        } else {
          ValueJson.write(w, e.value().get(ctx));
        }
      }
      w.endObject();
    }
  }

  /**
   * Without {@code payload}: {@code {"trace_id","span_id","span_name","name","time","attributes","resource"}},
   * where {@code name} and {@code attributes} are the event's and {@code resource} holds the resource attributes.
   */
  enum Default implements Payload<SpanEventContext> {
    INSTANCE;

    @Override
    public void write(JsonWriter w, SpanEventContext ctx) {
      w.beginObject();
      w.name("trace_id").asciiValue(Id.hex(ctx.span().getTraceId()));
      w.name("span_id").asciiValue(Id.hex(ctx.span().getSpanId()));
      w.name("span_name").value(ctx.span().getName());
      w.name("name").value(ctx.eventName());
      w.name("time");
      ValueJson.write(w, new Timestamp(ctx.event().getTimeUnixNano()));
      w.name("attributes");
      ValueJson.attributes(w, ctx.event().getAttributesList());
      w.name("resource");
      ValueJson.attributes(w, ctx.resource().getAttributesList());
      w.endObject();
    }
  }

  /**
   * Without {@code payload}, for a log record: {@code {"trace_id","span_id","event_name","time","severity_text",
   * "severity_number","body","attributes","resource"}}.
   */
  enum LogDefault implements Payload<LogContext> {
    INSTANCE;

    @Override
    public void write(JsonWriter w, LogContext ctx) {
      w.beginObject();
      LogJson.fields(w, (io.opentelemetry.proto.logs.v1.LogRecord) ctx.log());
      w.name("resource");
      ValueJson.attributes(w, ctx.resource().getAttributesList());
      w.endObject();
    }
  }
}
