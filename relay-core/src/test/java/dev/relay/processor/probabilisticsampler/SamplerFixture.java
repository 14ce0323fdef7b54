package dev.relay.processor.probabilisticsampler;

import com.google.protobuf.ByteString;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.processor.probabilisticsampler.ProbabilisticSamplerConfig.Mode;
import dev.relay.testing.TestLogs;
import dev.relay.testing.TestTraces;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Runs one span or log record through a real sampler processor and says what came out. */
final class SamplerFixture {
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ProbabilisticSamplerConfig config;

  SamplerFixture(ProbabilisticSamplerConfig config) {
    this.config = config;
  }

  static ProbabilisticSamplerConfig config(float pct, Mode mode, int seed, int precision, boolean failClosed) {
    return new ProbabilisticSamplerConfig(pct, seed, mode, failClosed, precision, true, "", "");
  }

  static ByteString id(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  /** The span's tracestate after sampling, or empty when it was dropped. */
  Optional<String> span(String traceIdHex, String traceState, KeyValue... attributes) {
    Span.Builder span = TestTraces.span("s").setTraceId(id(traceIdHex)).setSpanId(id("00000000fefefefe"))
        .setTraceState(traceState).addAllAttributes(List.of(attributes));
    List<TracesBatch> out = new ArrayList<>();
    var p = new TracesSamplerProcessor(ComponentId.parse("probabilistic_sampler"), config, out::add,
        new TelemetrySettings(meters));
    p.consumeTraces(TracesBatch.of(TestTraces.request(span)));
    if (out.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(out.get(0).request().getResourceSpans(0).getScopeSpans(0).getSpans(0).getTraceState());
  }

  /** The log record after sampling, or empty when it was dropped. */
  Optional<LogRecord> record(LogRecord.Builder record) {
    List<LogsBatch> out = new ArrayList<>();
    var p = new LogsSamplerProcessor(ComponentId.parse("probabilistic_sampler"), config, out::add,
        new TelemetrySettings(meters));
    p.consumeLogs(LogsBatch.of(TestLogs.request(record)));
    if (out.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(out.get(0).request().getResourceLogs(0).getScopeLogs(0).getLogRecords(0));
  }
}
