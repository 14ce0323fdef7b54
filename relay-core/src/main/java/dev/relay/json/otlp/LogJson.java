package dev.relay.json.otlp;

import dev.relay.json.JsonWriter;
import dev.relay.ottl.ValueJson;

import dev.relay.ottl.Id;
import dev.relay.ottl.Timestamp;
import dev.relay.ottl.Values;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;

/**
 * One log record as a flat JSON object: what the debug exporter prints in detail, and (without resource and scope)
 * the default Redis message of a log record.
 */
public final class LogJson {
  private LogJson() {}

  public static void write(JsonWriter w, Resource resource, InstrumentationScope scope, LogRecord r) {
    w.beginObject();
    w.name("resource");
    ValueJson.attributes(w, resource.getAttributesList());
    w.name("scope").beginObject().name("name").value(scope.getName()).name("version").value(scope.getVersion())
        .endObject();
    fields(w, r);
    w.endObject();
  }

  /** The record's own fields, into an object the caller has begun. */
  public static void fields(JsonWriter w, LogRecord r) {
    w.name("trace_id").asciiValue(Id.hex(r.getTraceId()));
    w.name("span_id").asciiValue(Id.hex(r.getSpanId()));
    w.name("event_name").value(r.getEventName());
    w.name("time");
    ValueJson.write(w, new Timestamp(r.getTimeUnixNano() != 0 ? r.getTimeUnixNano() : r.getObservedTimeUnixNano()));
    w.name("severity_text").value(r.getSeverityText());
    w.name("severity_number").value(r.getSeverityNumberValue());
    w.name("body");
    ValueJson.write(w, Values.fromAny(r.getBody()));
    w.name("attributes");
    ValueJson.attributes(w, r.getAttributesList());
  }
}
