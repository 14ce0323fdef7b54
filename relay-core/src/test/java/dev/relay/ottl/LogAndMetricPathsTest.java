package dev.relay.ottl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.relay.ottl.context.LogContext;
import dev.relay.ottl.context.LogPaths;
import dev.relay.ottl.context.MetricContext;
import dev.relay.ottl.context.MetricPaths;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code log}, {@code metric} and {@code datapoint} contexts: every path reads what the Collector's would. */
class LogAndMetricPathsTest {
  private static KeyValue kv(String k, AnyValue v) {
    return KeyValue.newBuilder().setKey(k).setValue(v).build();
  }

  private static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  private static final Resource RESOURCE =
      Resource.newBuilder().addAttributes(kv("service.name", str("gateway"))).build();
  private static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("policy").build();

  private static final LogContext LOG = new LogContext().set(RESOURCE, SCOPE, LogRecord.newBuilder()
      .setEventName("policy.violation")
      .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN)
      .setSeverityText("WARN")
      .setBody(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(kv("rule", str("pii")))))
      .setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
      .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 7}))
      .setTimeUnixNano(5_000)
      .setObservedTimeUnixNano(6_000)
      .setFlags(1)
      .addAttributes(kv("call_id", str("c-1")))
      .build());

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      event_name == "policy.violation"                                   | true
      IsMatch(event_name, "^policy\\\\.")                                | true
      log.event_name == "policy.violation"                               | true
      severity_number == SEVERITY_NUMBER_WARN                            | true
      severity_number >= SEVERITY_NUMBER_INFO                            | true
      severity_number < SEVERITY_NUMBER_INFO                             | false
      severity_text == "WARN"                                            | true
      body["rule"] == "pii"                                              | true
      IsMap(body)                                                        | true
      attributes["call_id"] == "c-1"                                     | true
      attributes["missing"] == nil                                       | true
      trace_id.string == "0102030405060708090a0b0c0d0e0f10"              | true
      span_id == SpanID(0x0000000000000007)                              | true
      time_unix_nano == 5000                                             | true
      observed_time_unix_nano - time_unix_nano == 1000                   | true
      flags == 1                                                         | true
      resource.attributes["service.name"] == "gateway"                   | true
      instrumentation_scope.name == "policy"                             | true
      """)
  void logPaths(String condition, boolean expected) throws OttlException {
    assertThat(LogPaths.compiler().condition(condition).test(LOG)).as(condition).isEqualTo(expected);
  }

  @Test
  void logSettersChangeTheRecord() throws Exception {
    LogRecord.Builder r = LogRecord.newBuilder().setBody(str("a@b.c")).addAttributes(kv("secret", str("x")));
    LogContext ctx = new LogContext().set(RESOURCE.toBuilder(), SCOPE.toBuilder(), r);
    Compiler<LogContext> c = LogPaths.compiler();
    c.statement("set(body, SHA256(body))").execute(ctx);
    c.statement("set(severity_text, \"ERROR\")").execute(ctx);
    c.statement("set(severity_number, SEVERITY_NUMBER_ERROR)").execute(ctx);
    c.statement("set(event_name, \"audit.hashed\")").execute(ctx);
    c.statement("delete_key(attributes, \"secret\")").execute(ctx);
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
        .digest("a@b.c".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(r.getBody().getStringValue()).isEqualTo(java.util.HexFormat.of().formatHex(digest));
    assertThat(r.getSeverityText()).isEqualTo("ERROR");
    assertThat(r.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_ERROR);
    assertThat(r.getEventName()).isEqualTo("audit.hashed");
    assertThat(r.getAttributesCount()).isZero();
  }

  @Test
  void unknownLogPathsNameWhatIsKnown() {
    assertThatThrownBy(() -> LogPaths.compiler().condition("name == \"x\""))
        .isInstanceOf(OttlException.class).hasMessageContaining("unknown path 'name'")
        .hasMessageContaining("event_name");
  }

  private static final Metric SUM = Metric.newBuilder().setName("gateway.requests").setUnit("1")
      .setSum(Sum.newBuilder().setIsMonotonic(true)
          .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
          .addDataPoints(NumberDataPoint.newBuilder().setAsInt(3).setTimeUnixNano(9)
              .addAttributes(kv("route", str("/chat")))))
      .build();

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      name == "gateway.requests"                                         | true
      metric.name == "gateway.requests"                                  | true
      type == METRIC_DATA_TYPE_SUM                                       | true
      aggregation_temporality == AGGREGATION_TEMPORALITY_CUMULATIVE      | true
      is_monotonic == true                                               | true
      unit == "1"                                                        | true
      resource.attributes["service.name"] == "gateway"                   | true
      """)
  void metricPaths(String condition, boolean expected) throws OttlException {
    MetricContext ctx = new MetricContext().set(RESOURCE, SCOPE, SUM, null);
    assertThat(MetricPaths.metricCompiler().condition(condition).test(ctx)).as(condition).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      attributes["route"] == "/chat"                                     | true
      value_int == 3                                                     | true
      value_double == 0.0                                                | true
      time_unix_nano == 9                                                | true
      metric.name == "gateway.requests"                                  | true
      metric.type == METRIC_DATA_TYPE_SUM                                | true
      count == nil                                                       | true
      """)
  void datapointPathsOfANumberPoint(String condition, boolean expected) throws OttlException {
    MetricContext ctx = new MetricContext().set(RESOURCE, SCOPE, SUM, SUM.getSum().getDataPoints(0));
    assertThat(MetricPaths.datapointCompiler().condition(condition).test(ctx)).as(condition).isEqualTo(expected);
  }

  @Test
  void datapointPathsOfAHistogramPoint() throws OttlException {
    HistogramDataPoint h = HistogramDataPoint.newBuilder().setCount(5).setSum(12.5).build();
    MetricContext ctx = new MetricContext().set(RESOURCE, SCOPE, Metric.newBuilder().setName("latency").build(), h);
    assertThat(MetricPaths.datapointCompiler().condition("count == 5 and sum > 12.0").test(ctx)).isTrue();
    assertThat(MetricPaths.datapointCompiler().condition("value_int == nil").test(ctx)).isTrue();
  }

  @Test
  void metricsAreWritableButForTheirType() throws OttlException {
    var point = io.opentelemetry.proto.metrics.v1.NumberDataPoint.newBuilder().setAsInt(1);
    var metric = Metric.newBuilder().setName("m");
    var scope = io.opentelemetry.proto.metrics.v1.ScopeMetrics.newBuilder();
    MetricContext ctx = new MetricContext().set(RESOURCE.toBuilder(), SCOPE.toBuilder(), scope, metric, point);
    MetricPaths.datapointCompiler().statement("set(attributes[\"x\"], 1)").execute(ctx);
    MetricPaths.datapointCompiler().statement("set(metric.name, \"n\")").execute(ctx);
    assertThat(point.getAttributes(0).getValue().getIntValue()).isEqualTo(1);
    assertThat(metric.getName()).isEqualTo("n");
    assertThatThrownBy(() -> MetricPaths.metricCompiler().statement("set(type, 1)"))
        .isInstanceOf(OttlException.class).hasMessageContaining("'type' cannot be set");
  }
}
