package dev.relay.processor.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.Problems;
import dev.relay.config.YamlLoader;
import dev.relay.otlp.LogsBatch;
import dev.relay.testing.KeyValues;
import dev.relay.testing.TestLogs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The logs include/exclude match config behaves as the Collector's filter processor on its edge cases. */
class LegacyLogMatchTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void anIncludeThatNamesNoPropertyIsIgnored() throws Exception {
    assertThat(kept("""
        logs:
          include:
            match_type: strict
        """, TestLogs.request(TestLogs.record("a"), TestLogs.record("b")))).containsExactly("a", "b");
  }

  @Test
  void bodiesMatchTheBodysStringForm() throws Exception {
    assertThat(kept("""
        logs:
          include:
            match_type: strict
            bodies: ["5"]
        """, TestLogs.request(
        TestLogs.record("int").setBody(AnyValue.newBuilder().setIntValue(5)),
        TestLogs.record("string").setBody(AnyValue.newBuilder().setStringValue("5")),
        TestLogs.record("longer").setBody(AnyValue.newBuilder().setStringValue("50")),
        TestLogs.record("none")))).containsExactly("int", "string");
  }

  @Test
  void attributesWithoutAMatchTypeCompareStrictlyByType() throws Exception {
    assertThat(kept("""
        logs:
          exclude:
            record_attributes:
              - key: n
                value: 1
        """, TestLogs.request(
        TestLogs.record("int", KeyValues.kv("n", 1)),
        TestLogs.record("string", KeyValues.kv("n", "1")),
        TestLogs.record("absent")))).containsExactly("string", "absent");
  }

  @Test
  void aSeverityNumberWithoutMinMatchesEveryRecordThatHasOne() throws Exception {
    assertThat(kept("""
        logs:
          include:
            severity_number: {}
        """, TestLogs.request(
        TestLogs.record("trace").setSeverityNumberValue(1),
        TestLogs.record("undefined"),
        TestLogs.record("fatal").setSeverityNumberValue(21)))).containsExactly("trace", "fatal");
  }

  @Test
  void aNumericMinAndExcludeCombineWithInclude() throws Exception {
    assertThat(kept("""
        logs:
          include:
            severity_number: {min: 13}
          exclude:
            match_type: regexp
            severity_texts: ["^ERR"]
        """, TestLogs.request(
        TestLogs.record("info").setSeverityNumberValue(9),
        TestLogs.record("warn").setSeverityNumberValue(13).setSeverityText("WARN"),
        TestLogs.record("error").setSeverityNumberValue(17).setSeverityText("ERROR"),
        TestLogs.record("fatal").setSeverityNumberValue(21).setSeverityText("FATAL"))))
        .containsExactly("warn", "fatal");
  }

  /** The event names of the records a filter configured by {@code yaml} keeps, in order. */
  private List<String> kept(String yaml, ExportLogsServiceRequest request) throws Exception {
    Problems p = new Problems("t.yaml");
    FilterConfig cfg = new FilterProcessorFactory().parseConfig(new YamlLoader(k -> null).parse(yaml, p));
    p.throwIfAny();
    List<LogsBatch> out = new ArrayList<>();
    new FilterProcessorFactory().createLogsProcessor(new ComponentId("filter", ""), cfg, out::add,
        new TelemetrySettings(meters)).consumeLogs(LogsBatch.fromWire(request.toByteArray()));
    List<String> names = new ArrayList<>();
    for (LogsBatch b : out) {
      b.request().getResourceLogsList().forEach(r -> r.getScopeLogsList().forEach(
          s -> s.getLogRecordsList().forEach(l -> names.add(l.getEventName()))));
    }
    return names;
  }
}
