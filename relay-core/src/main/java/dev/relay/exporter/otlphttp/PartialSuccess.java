package dev.relay.exporter.otlphttp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.relay.component.ComponentId;
import dev.relay.otlp.OtlpJson;
import dev.relay.otlp.OtlpJsonException;
import dev.relay.otlp.Signal;
import dev.relay.telemetry.ThrottlingLogger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code partial_success} of a 2xx answer (protobuf or JSON): what the destination rejected is logged
 * (throttled) and counted, never retried, since the destination has decided. The counters are the ones the {@code
 * otlp} exporter keeps ({@code relay.exporter.partial.rejected.*}).
 */
final class PartialSuccess {
  private static final Logger LOG = LoggerFactory.getLogger(PartialSuccess.class);

  private final ComponentId id;
  private final ThrottlingLogger throttled = new ThrottlingLogger(LOG);
  private final Counter spans;
  private final Counter logRecords;
  private final Counter dataPoints;

  PartialSuccess(ComponentId id, MeterRegistry registry) {
    this.id = id;
    this.spans = counter(registry, "relay.exporter.partial.rejected.spans", id);
    this.logRecords = counter(registry, "relay.exporter.partial.rejected.log.records", id);
    this.dataPoints = counter(registry, "relay.exporter.partial.rejected.metric.points", id);
  }

  private static Counter counter(MeterRegistry registry, String name, ComponentId id) {
    return Counter.builder(name).tag("exporter", id.toString()).register(registry);
  }

  /**
   * Reads a successful answer's body, protobuf or JSON by its Content-Type (without one: as the request was sent);
   * a body that is empty, of another type, or unreadable says nothing.
   */
  void read(Signal signal, String contentType, byte[] body, boolean jsonRequest) {
    if (body == null || body.length == 0) {
      return;
    }
    String type = contentType == null ? (jsonRequest ? "application/json" : "application/x-protobuf")
        : contentType.toLowerCase(Locale.ROOT);
    boolean json = type.startsWith("application/json");
    if (!json && !type.startsWith("application/x-protobuf") && !type.startsWith("application/protobuf")) {
      return;
    }
    try {
      switch (signal) {
        case TRACES -> {
          var p = parse(body, json, ExportTraceServiceResponse.newBuilder()).getPartialSuccess();
          count(spans, p.getRejectedSpans(), "spans", p.getErrorMessage());
        }
        case LOGS -> {
          var p = parse(body, json, ExportLogsServiceResponse.newBuilder()).getPartialSuccess();
          count(logRecords, p.getRejectedLogRecords(), "log records", p.getErrorMessage());
        }
        case METRICS -> {
          var p = parse(body, json, ExportMetricsServiceResponse.newBuilder()).getPartialSuccess();
          count(dataPoints, p.getRejectedDataPoints(), "data points", p.getErrorMessage());
        }
      }
    } catch (InvalidProtocolBufferException | OtlpJsonException e) {
      LOG.debug("exporter {}: unreadable success response: {}", id, e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static <B extends Message.Builder> B parse(byte[] body, boolean json, B builder)
      throws InvalidProtocolBufferException, OtlpJsonException {
    return json ? OtlpJson.merge(body, builder) : (B) builder.mergeFrom(body);
  }

  private void count(Counter counter, long rejected, String what, String message) {
    if (rejected > 0) {
      counter.increment(rejected);
      throttled.warn("exporter " + id + ": destination rejected " + rejected + " " + what + ": " + message);
    }
  }
}
