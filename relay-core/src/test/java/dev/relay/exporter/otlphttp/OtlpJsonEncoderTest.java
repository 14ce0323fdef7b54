package dev.relay.exporter.otlphttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.relay.otlp.Batch;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.OtlpJson;
import dev.relay.otlp.TracesBatch;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OTLP JSON written from protobuf bytes reads back, with the relay's own OTLP JSON reader, as the same request. */
class OtlpJsonEncoderTest {
  private static final ByteString TRACE_ID = ByteString.copyFrom(HexFormat.of().parseHex(
      "5b8efff798038103d269b633813fc60c"));
  private static final ByteString SPAN_ID = ByteString.copyFrom(HexFormat.of().parseHex("eee19b7ec3c1b174"));

  private static KeyValue kv(String key, AnyValue.Builder value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static List<KeyValue> everyKindOfValue() {
    return List.of(
        kv("s", AnyValue.newBuilder().setStringValue("caf\u00e9 \"quoted\"\n\ud83d\ude00")),
        kv("b", AnyValue.newBuilder().setBoolValue(true)),
        kv("i", AnyValue.newBuilder().setIntValue(-9_007_199_254_740_993L)),
        kv("d", AnyValue.newBuilder().setDoubleValue(0.1)),
        kv("nan", AnyValue.newBuilder().setDoubleValue(Double.NaN)),
        kv("inf", AnyValue.newBuilder().setDoubleValue(Double.NEGATIVE_INFINITY)),
        kv("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {0, -1, 7}))),
        kv("array", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
            .addValues(AnyValue.newBuilder().setIntValue(1)).addValues(AnyValue.newBuilder().setStringValue("x")))),
        kv("kvlist", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
            .addValues(kv("inner", AnyValue.newBuilder().setBoolValue(false))))),
        kv("empty", AnyValue.newBuilder()));
  }

  private static ExportTraceServiceRequest traces(String name) {
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAllAttributes(everyKindOfValue()).setDroppedAttributesCount(3))
        .setSchemaUrl("https://opentelemetry.io/schemas/1.24.0")
        .addScopeSpans(ScopeSpans.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName("lib").setVersion("1.0"))
            .addSpans(Span.newBuilder().setTraceId(TRACE_ID).setSpanId(SPAN_ID).setParentSpanId(SPAN_ID)
                .setName(name).setKind(Span.SpanKind.SPAN_KIND_SERVER).setFlags(0x301)
                .setStartTimeUnixNano(1_544_712_660_000_000_000L).setEndTimeUnixNano(-1L)
                .setTraceState("k=v")
                .addAllAttributes(everyKindOfValue())
                .addEvents(Span.Event.newBuilder().setName("ev").setTimeUnixNano(5)
                    .addAttributes(kv("e", AnyValue.newBuilder().setIntValue(2))))
                .addLinks(Span.Link.newBuilder().setTraceId(TRACE_ID).setSpanId(SPAN_ID).setFlags(1))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom")))))
        .build();
  }

  private static <T extends com.google.protobuf.Message> T readBack(byte[] json, com.google.protobuf.Message.Builder b)
      throws Exception {
    @SuppressWarnings("unchecked")
    T t = (T) OtlpJson.merge(json, b).build();
    return t;
  }

  @Test
  void tracesReadBackAsTheSameRequest() throws Exception {
    ExportTraceServiceRequest request = traces("checkout");
    byte[] json = OtlpJsonEncoder.encode(List.of(TracesBatch.fromWire(request.toByteArray())));
    ExportTraceServiceRequest back = readBack(json, ExportTraceServiceRequest.newBuilder());
    assertThat(back).isEqualTo(request);
    String text = new String(json, StandardCharsets.UTF_8);
    assertThat(text).startsWith("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"s\"")
        .contains("\"traceId\":\"5b8efff798038103d269b633813fc60c\"", "\"spanId\":\"eee19b7ec3c1b174\"",
            "\"parentSpanId\":\"eee19b7ec3c1b174\"", "\"kind\":2", "\"startTimeUnixNano\":\"1544712660000000000\"",
            "\"endTimeUnixNano\":\"18446744073709551615\"", "\"intValue\":\"-9007199254740993\"",
            "\"doubleValue\":\"NaN\"", "\"doubleValue\":\"-Infinity\"", "\"bytesValue\":\"AP8H\"", "\"flags\":769",
            "\"droppedAttributesCount\":3", "\"code\":2");
  }

  @Test
  void mergedBatchesBecomeOneRequest() throws Exception {
    List<Batch> batches = List.of(TracesBatch.fromWire(traces("a").toByteArray()),
        TracesBatch.fromWire(traces("b").toByteArray()), TracesBatch.of(traces("c")));
    ExportTraceServiceRequest back = readBack(OtlpJsonEncoder.encode(batches), ExportTraceServiceRequest.newBuilder());
    assertThat(back).isEqualTo(ExportTraceServiceRequest.newBuilder()
        .addAllResourceSpans(traces("a").getResourceSpansList())
        .addAllResourceSpans(traces("b").getResourceSpansList())
        .addAllResourceSpans(traces("c").getResourceSpansList()).build());
  }

  @Test
  void logsReadBackAsTheSameRequest() throws Exception {
    ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
        .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
            .setTimeUnixNano(1).setObservedTimeUnixNano(2).setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN)
            .setSeverityText("WARN").setBody(AnyValue.newBuilder().setStringValue("disk low"))
            .addAllAttributes(everyKindOfValue()).setFlags(1).setTraceId(TRACE_ID).setSpanId(SPAN_ID)
            .setEventName("disk.low"))))
        .build();
    byte[] json = OtlpJsonEncoder.encode(List.of(LogsBatch.fromWire(request.toByteArray())));
    assertThat((ExportLogsServiceRequest) readBack(json, ExportLogsServiceRequest.newBuilder())).isEqualTo(request);
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"severityNumber\":13");
  }

  @Test
  void metricsOfEveryKindReadBackAsTheSameRequest() throws Exception {
    Exemplar exemplar = Exemplar.newBuilder().setTimeUnixNano(9).setAsDouble(1.5).setTraceId(TRACE_ID)
        .setSpanId(SPAN_ID).build();
    ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
        ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
            .addMetrics(Metric.newBuilder().setName("g").setUnit("1").setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setAsInt(-4).setTimeUnixNano(3))
                .addDataPoints(NumberDataPoint.newBuilder().setAsDouble(2.25).addExemplars(exemplar))))
            .addMetrics(Metric.newBuilder().setName("s").setSum(Sum.newBuilder().setIsMonotonic(true)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(NumberDataPoint.newBuilder().setAsInt(Long.MAX_VALUE))))
            .addMetrics(Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder()
                .addDataPoints(HistogramDataPoint.newBuilder().setCount(6).setSum(12.5).setMin(0.5).setMax(9)
                    .addAllBucketCounts(List.of(1L, 2L, 3L)).addAllExplicitBounds(List.of(1.0, 5.0)))))
            .addMetrics(Metric.newBuilder().setName("e").setExponentialHistogram(ExponentialHistogram.newBuilder()
                .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setScale(-2).setZeroCount(1)
                    .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-3)
                        .addAllBucketCounts(List.of(4L, 0L, 1L)))
                    .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(7)
                        .addBucketCounts(2)))))
            .addMetrics(Metric.newBuilder().setName("q").setSummary(Summary.newBuilder()
                .addDataPoints(SummaryDataPoint.newBuilder().setCount(2).setSum(3)
                    .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99)
                        .setValue(1e300)))))))
        .build();
    byte[] json = OtlpJsonEncoder.encode(List.of(MetricsBatch.fromWire(request.toByteArray())));
    assertThat((ExportMetricsServiceRequest) readBack(json, ExportMetricsServiceRequest.newBuilder()))
        .isEqualTo(request);
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"bucketCounts\":[\"1\",\"2\",\"3\"]",
        "\"explicitBounds\":[1,5]", "\"scale\":-2", "\"offset\":-3");
  }
}
