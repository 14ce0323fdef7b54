package dev.relay.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.Problems;
import dev.relay.config.YamlLoader;
import dev.relay.consumer.ConsumeException;
import dev.relay.otlp.TracesBatch;
import dev.relay.processor.filter.FilterProcessorFactory;
import dev.relay.processor.transform.TransformProcessorFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessorsTest {
  private final List<TracesBatch> out = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private static Span span(String name, String... events) {
    Span.Builder b = Span.newBuilder().setName(name);
    for (String e : events) {
      b.addEvents(Span.Event.newBuilder().setName(e));
    }
    return b.build();
  }

  private static ScopeSpans scope(String name, Span... spans) {
    return ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName(name))
        .addAllSpans(List.of(spans)).build();
  }

  private static ResourceSpans resource(String service, ScopeSpans... scopes) {
    return ResourceSpans.newBuilder().setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder()
        .setKey("service.name").setValue(AnyValue.newBuilder().setStringValue(service)))).addAllScopeSpans(
        List.of(scopes)).build();
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
    ExportTraceServiceRequest req = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resource("a", scope("only-health", span("health")), scope("mixed", span("health"),
            span("chat", "debug.x", "gateway.y", "debug.z"))))
        .addResourceSpans(resource("b", scope("s", span("health"), span("health"))))
        .addResourceSpans(resource("c", scope("s", span("work", "debug.only"))))
        .build();
    f.consumeTraces(wire(req));
    ExportTraceServiceRequest expected = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resource("a", scope("mixed", span("chat", "gateway.y"))))
        .addResourceSpans(resource("c", scope("s", span("work"))))
        .build();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).request()).isEqualTo(expected);
  }

  @Test
  void aBatchFilteredToNothingIsNotForwardedAndAnUntouchedOneKeepsItsBytes() throws Exception {
    TracesProcessor f = filter("""
        traces:
          span:
            - 'name == "health"'
        """);
    f.consumeTraces(wire(ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resource("a", scope("s", span("health")))).build()));
    assertThat(out).isEmpty();
    TracesBatch untouched = wire(ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resource("a", scope("s", span("chat")))).build());
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
    ExportTraceServiceRequest req = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resource("a", scope("s", Span.newBuilder().setName("x").addAttributes(KeyValue
            .newBuilder().setKey("n").setValue(AnyValue.newBuilder().setIntValue(1))).build(), span("y"))))
        .build();
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

  @Test
  void filterConditionErrorsFollowTheErrorMode() throws Exception {
    TracesProcessor f = filter("""
        error_mode: ignore
        traces:
          span:
            - 'Substring(name, 0, 10) == "x"'
            - 'name == "drop-me"'
        """);
    f.consumeTraces(wire(ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resource("a", scope("s", span("short"), span("drop-me")))).build()));
    assertThat(out.get(0).request().getResourceSpans(0).getScopeSpans(0).getSpansList()).extracting(Span::getName)
        .containsExactly("short");
  }
}
