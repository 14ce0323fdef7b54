package dev.relay.json.otlp;

import dev.relay.json.JsonWriter;
import dev.relay.ottl.ValueJson;

import dev.relay.ottl.Id;
import dev.relay.ottl.Timestamp;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;

/** One span, with its resource and scope, as a flat JSON object: what the debug exporter prints in detail. */
public final class SpanJson {
  private SpanJson() {}

  public static void write(JsonWriter w, Resource resource, InstrumentationScope scope, Span span) {
    w.beginObject();
    w.name("resource");
    ValueJson.attributes(w, resource.getAttributesList());
    w.name("scope").beginObject().name("name").value(scope.getName()).name("version").value(scope.getVersion())
        .endObject();
    w.name("trace_id").asciiValue(Id.hex(span.getTraceId()));
    w.name("span_id").asciiValue(Id.hex(span.getSpanId()));
    w.name("parent_span_id").asciiValue(Id.hex(span.getParentSpanId()));
    w.name("name").value(span.getName());
    w.name("kind").value(span.getKindValue());
    w.name("start_time");
    ValueJson.write(w, new Timestamp(span.getStartTimeUnixNano()));
    w.name("end_time");
    ValueJson.write(w, new Timestamp(span.getEndTimeUnixNano()));
    w.name("status").beginObject().name("code").value(span.getStatus().getCodeValue()).name("message")
        .value(span.getStatus().getMessage()).endObject();
    w.name("attributes");
    ValueJson.attributes(w, span.getAttributesList());
    w.name("events").beginArray();
    for (Span.Event e : span.getEventsList()) {
      w.beginObject().name("name").value(e.getName()).name("time");
      ValueJson.write(w, new Timestamp(e.getTimeUnixNano()));
      w.name("attributes");
      ValueJson.attributes(w, e.getAttributesList());
      w.endObject();
    }
    w.endArray();
    w.endObject();
  }
}
