package dev.relay.processor;

import static dev.relay.testing.TestTraces.event;
import static dev.relay.testing.TestTraces.request;
import static dev.relay.testing.TestTraces.resource;
import static dev.relay.testing.TestTraces.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relay.component.ComponentId;
import dev.relay.component.LogsProcessor;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.Problems;
import dev.relay.config.YamlLoader;
import dev.relay.consumer.ConsumeException;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.processor.filter.FilterProcessorFactory;
import dev.relay.processor.transform.TransformProcessorFactory;
import dev.relay.testing.KeyValues;
import dev.relay.testing.TestLogs;
import dev.relay.testing.TestTraces;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessorsTest {
  private final List<TracesBatch> out = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  /** A span with events of these names. */
  private static Span.Builder span(String name, String... events) {
    Span.Builder b = TestTraces.span(name);
    for (String e : events) {
      b.addEvents(event(e));
    }
    return b;
  }

  private static List<KeyValue> service(String name) {
    return KeyValues.of("service.name", name);
  }

  private TracesProcessor filter(String yaml) throws Exception {
    Problems p = new Problems("t.yaml");
    var cfg = new FilterProcessorFactory().parseConfig(new YamlLoader(k -> null).parse(yaml, p));
    p.throwIfAny();
    return new FilterProcessorFactory().createTracesProcessor(new ComponentId("filter", ""), cfg, out::add,
        new TelemetrySettings(meters));
  }

  private TracesProcessor transform(String yaml) throws Exception {
    Problems p = new Problems("t.yaml");
    var cfg = new TransformProcessorFactory().parseConfig(new YamlLoader(k -> null).parse(yaml, p));
    p.throwIfAny();
    return new TransformProcessorFactory().createTracesProcessor(new ComponentId("transform", ""), cfg, out::add,
        new TelemetrySettings(meters));
  }

  private static TracesBatch wire(ExportTraceServiceRequest r) throws Exception {
    return TracesBatch.fromWire(r.toByteArray());
  }

  @Test
  void emptiedScopesAndResourcesAreRemoved() throws Exception {
    TracesProcessor f = filter("""
        traces:
          span:
            - 'name == "health"'
          spanevent:
            - 'IsMatch(name, "^debug\\\\.")'
        """);
    ExportTraceServiceRequest req = request(
        resource(service("a"), scope("only-health", span("health")), scope("mixed", span("health"),
            span("chat", "debug.x", "gateway.y", "debug.z"))),
        resource(service("b"), scope("s", span("health"), span("health"))),
        resource(service("c"), scope("s", span("work", "debug.only"))));
    f.consumeTraces(wire(req));
    ExportTraceServiceRequest expected = request(
        resource(service("a"), scope("mixed", span("chat", "gateway.y"))),
        resource(service("c"), scope("s", span("work"))));
    assertThat(out).hasSize(1);
    assertThat(out.get(0).request()).isEqualTo(expected);
  }

  @Test
  void traceConditionsRunInTheContextTheirPrefixesName() throws Exception {
    // The filter processor README's example, in the 2026 form with context inference.
    TracesProcessor f = filter("""
        trace_conditions:
          - 'resource.attributes["service.name"] == "b"'
          - 'span.name == "health"'
          - 'IsMatch(spanevent.name, "^debug\\\\.")'
          - context: span
            conditions: ['IsRootSpan() and name == "root-only"']
        """);
    ExportTraceServiceRequest req = request(
        resource(service("a"), scope("s", span("health"), span("chat", "debug.x", "gateway.y"),
            span("root-only"))),
        resource(service("b"), scope("s", span("chat"), span("work"))));
    f.consumeTraces(wire(req));
    assertThat(out).hasSize(1);
    assertThat(out.get(0).request())
        .isEqualTo(request(resource(service("a"), scope("s", span("chat", "gateway.y")))));
  }

  @Test
  void theOlderMatchConfigKeepsWhatIncludeSelectsAndDropsWhatExcludeSelects() throws Exception {
    TracesProcessor f = filter("""
        spans:
          include:
            match_type: strict
            services: [a]
          exclude:
            match_type: regexp
            span_names: ["^health"]
            attributes:
              - key: tier
        """);
    Span.Builder tiered = span("health-check").addAttributes(KeyValues.kv("tier", "web"));
    ExportTraceServiceRequest req = request(
        resource(service("a"), scope("s", tiered, span("health-untiered"), span("chat"))),
        resource(service("b"), scope("s", span("chat"))));
    f.consumeTraces(wire(req));
    assertThat(out.get(0).request()).isEqualTo(
        request(resource(service("a"), scope("s", span("health-untiered"), span("chat")))));
  }

  @Test
  void aBatchFilteredToNothingIsNotForwardedAndAnUntouchedOneKeepsItsBytes() throws Exception {
    TracesProcessor f = filter("""
        traces:
          span:
            - 'name == "health"'
        """);
    f.consumeTraces(wire(request(resource(service("a"), scope("s", span("health"))))));
    assertThat(out).isEmpty();
    TracesBatch untouched = wire(request(resource(service("a"), scope("s", span("chat")))));
    f.consumeTraces(untouched);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).bytes()).isSameAs(untouched.bytes());
  }

  @Test
  void errorModesIgnoreAndSilentGoOnPropagateFails() throws Exception {
    String statements = """
        trace_statements:
          - context: span
            statements:
              - set(name, attributes["n"])
              - set(attributes["after"], "yes")
        """;
    ExportTraceServiceRequest req = request(
        resource(service("a"), scope("s", span("x").addAttributes(KeyValues.kv("n", 1)), span("y"))));
    for (String mode : List.of("ignore", "silent")) {
      out.clear();
      transform("error_mode: " + mode + "\n" + statements).consumeTraces(wire(req));
      var spans = out.get(0).request().getResourceSpans(0).getScopeSpans(0).getSpansList();
      assertThat(spans).extracting(Span::getName).containsExactly("x", "y");
      assertThat(spans).allMatch(s -> s.getAttributesList().stream().anyMatch(kv -> kv.getKey().equals("after")));
    }
    out.clear();
    ConsumeException e = catchThrowableOfType(ConsumeException.class,
        () -> transform("error_mode: propagate\n" + statements).consumeTraces(wire(req)));
    assertThat(e.retryable()).isFalse();
    assertThat(out).isEmpty();
    assertThat(meters.find("relay.processor.ottl.errors").counters().stream().mapToDouble(c -> c.count()).sum())
        .isEqualTo(3);
  }

  /** As in the Collector since 2026 (contrib #49668, #49679): a failing statement or condition is logged, not fatal. */
  @Test
  void withoutErrorModeAFailureIsIgnored() throws Exception {
    ExportTraceServiceRequest req = request(
        resource(service("a"), scope("s", span("x").addAttributes(KeyValues.kv("n", 1)), span("drop-me"))));
    transform("""
        trace_statements:
          - context: span
            statements:
              - set(name, attributes["n"])
              - set(attributes["after"], "yes")
        """).consumeTraces(wire(req));
    var transformed = out.get(0).request().getResourceSpans(0).getScopeSpans(0).getSpansList();
    assertThat(transformed).extracting(Span::getName).containsExactly("x", "drop-me");
    assertThat(transformed).allMatch(s -> s.getAttributesList().stream().anyMatch(kv -> kv.getKey().equals("after")));
    out.clear();
    filter("""
        traces:
          span:
            - 'Substring(name, 0, 10) == "x"'
            - 'name == "drop-me"'
        """).consumeTraces(wire(req));
    assertThat(out.get(0).request().getResourceSpans(0).getScopeSpans(0).getSpansList()).extracting(Span::getName)
        .containsExactly("x");
    assertThat(meters.find("relay.processor.ottl.errors").counters().stream().mapToDouble(c -> c.count()).sum())
        .isEqualTo(3);
  }

  @Test
  void filterConditionErrorsFollowTheErrorMode() throws Exception {
    TracesProcessor f = filter("""
        error_mode: ignore
        traces:
          span:
            - 'Substring(name, 0, 10) == "x"'
            - 'name == "drop-me"'
        """);
    f.consumeTraces(wire(request(resource(service("a"), scope("s", span("short"), span("drop-me"))))));
    assertThat(out.get(0).request().getResourceSpans(0).getScopeSpans(0).getSpansList()).extracting(Span::getName)
        .containsExactly("short");
  }

  @Test
  void aLogsFilterDropsMatchingRecordsAndTheirEmptiedScopes() throws Exception {
    Problems p = new Problems("t.yaml");
    var cfg = new FilterProcessorFactory().parseConfig(new YamlLoader(k -> null).parse("""
        logs:
          log_record:
            - 'IsMatch(event_name, "^debug\\\\.")'
        """, p));
    p.throwIfAny();
    List<LogsBatch> logs = new ArrayList<>();
    LogsProcessor f = new FilterProcessorFactory().createLogsProcessor(new ComponentId("filter", ""), cfg, logs::add,
        new TelemetrySettings(meters));
    var kept = TestLogs.record("policy.decision", KeyValues.kv("n", 1));
    f.consumeLogs(LogsBatch.fromWire(TestLogs.request(TestLogs.resource(service("a"),
        TestLogs.scope("debug-only", TestLogs.record("debug.x")),
        TestLogs.scope("mixed", TestLogs.record("debug.y"), kept))).toByteArray()));
    assertThat(logs).hasSize(1);
    assertThat(logs.get(0).request())
        .isEqualTo(TestLogs.request(TestLogs.resource(service("a"), TestLogs.scope("mixed", kept))));
    assertThat(meters.get("relay.processor.filter.dropped.log.records").counter().count()).isEqualTo(2);
  }

  @Test
  void theOlderLogMatchConfigKeepsRecordsFromASeverityOn() throws Exception {
    Problems p = new Problems("t.yaml");
    var cfg = new FilterProcessorFactory().parseConfig(new YamlLoader(k -> null).parse("""
        logs:
          include:
            match_type: strict
            severity_number: {min: WARN, match_undefined: true}
          exclude:
            match_type: regexp
            bodies: ["^noise"]
        """, p));
    p.throwIfAny();
    List<LogsBatch> logs = new ArrayList<>();
    LogsProcessor f = new FilterProcessorFactory().createLogsProcessor(new ComponentId("filter", ""), cfg, logs::add,
        new TelemetrySettings(meters));
    var info = TestLogs.record("i").setSeverityNumberValue(9);
    var warn = TestLogs.record("w").setSeverityNumberValue(13);
    var undefined = TestLogs.record("u");
    var noisyError = TestLogs.record("n").setSeverityNumberValue(17)
        .setBody(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("noise: retrying"));
    f.consumeLogs(LogsBatch.fromWire(TestLogs.request(TestLogs.resource(service("a"),
        TestLogs.scope("s", info, warn, undefined, noisyError))).toByteArray()));
    assertThat(logs.get(0).request())
        .isEqualTo(TestLogs.request(TestLogs.resource(service("a"), TestLogs.scope("s", warn, undefined))));
  }
}
