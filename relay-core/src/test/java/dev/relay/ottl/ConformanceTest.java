package dev.relay.ottl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.relay.ottl.context.ResourceContext;
import dev.relay.ottl.context.ResourcePaths;
import dev.relay.ottl.context.ScopeContext;
import dev.relay.ottl.context.ScopePaths;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanEventContext;
import dev.relay.ottl.context.SpanEventPaths;
import dev.relay.ottl.context.SpanPaths;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The table in {@code ottl/conformance.tsv}: conditions and their results by the Collector's documented rules. */
class ConformanceTest {
  static KeyValue kv(String k, AnyValue v) {
    return KeyValue.newBuilder().setKey(k).setValue(v).build();
  }

  static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  static AnyValue num(long v) {
    return AnyValue.newBuilder().setIntValue(v).build();
  }

  static final Resource.Builder RESOURCE = Resource.newBuilder()
      .addAttributes(kv("service.name", str("gateway")))
      .addAttributes(kv("env", str("prod")))
      .addAttributes(kv("replicas", num(3)));
  static final InstrumentationScope.Builder SCOPE = InstrumentationScope.newBuilder().setName("luthien")
      .setVersion("2.0");
  static final Span.Event.Builder EVENT = Span.Event.newBuilder()
      .setName("gateway.request_received").setTimeUnixNano(2000)
      .addAttributes(kv("model", str("m")))
      .addAttributes(kv("stream", AnyValue.newBuilder().setBoolValue(true).build()))
      .addAttributes(kv("tokens", num(12)));
  static final Span.Builder SPAN = Span.newBuilder()
      .setName("POST /chat")
      .setKind(Span.SpanKind.SPAN_KIND_SERVER)
      .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
      .setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 14, (byte) 0xff}))
      .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 42}))
      .setParentSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}))
      .setTraceState("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
      .setStartTimeUnixNano(1000)
      .setEndTimeUnixNano(3500)
      .addAttributes(kv("luthien.call_id", str("abc")))
      .addAttributes(kv("http.status", num(503)))
      .addAttributes(kv("ratio", AnyValue.newBuilder().setDoubleValue(0.25).build()))
      .addAttributes(kv("ok", AnyValue.newBuilder().setBoolValue(false).build()))
      .addAttributes(kv("empty", str("")))
      .addAttributes(kv("tags", AnyValue.newBuilder().setArrayValue(
          ArrayValue.newBuilder().addValues(str("a")).addValues(str("b"))).build()))
      .addAttributes(kv("nested", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
          .addValues(kv("inner", str("deep"))).addValues(kv("n", num(7)))).build()))
      .addAttributes(kv("blob", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, 2})).build()))
      .addAttributes(kv("email", str("Ann@Example.com")))
      .addEvents(EVENT);

  static Stream<Arguments> cases() throws Exception {
    List<Arguments> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        ConformanceTest.class.getResourceAsStream("/ottl/conformance.tsv"), StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\t");
        List<String> before = List.of(parts).subList(3, parts.length);
        out.add(Arguments.of(n, parts[0], parts[1], parts[2], before));
      }
    }
    return out.stream();
  }

  @Test
  void tableHasAtLeast150Cases() throws Exception {
    assertThat(cases().count()).isGreaterThanOrEqualTo(150);
  }

  /**
   * A row is {@code context, expected, condition}, then optionally statements run first (each in its own column),
   * on copies of the fixture; with statements, "compile" and "runtime" are about the statements too.
   */
  @ParameterizedTest(name = "line {0}: [{1}] {4} {3} -> {2}")
  @MethodSource("cases")
  void conforms(int line, String context, String expected, String condition, List<String> before)
      throws Exception {
    Condition<Object> compiled;
    Object ctx;
    List<Statement<Object>> statements = new ArrayList<>();
    Resource.Builder resource = RESOURCE.clone();
    InstrumentationScope.Builder scope = SCOPE.clone();
    Span.Builder span = SPAN.clone();
    try {
      switch (context) {
        case "span" -> {
          compiled = erase(SpanPaths.compiler().condition(condition));
          for (String st : before) {
            statements.add(erase(SpanPaths.compiler().statement(st)));
          }
          ctx = new SpanContext().set(resource, scope, span);
        }
        case "spanevent" -> {
          compiled = erase(SpanEventPaths.compiler().condition(condition));
          ctx = new SpanEventContext().set(resource, scope, span, EVENT);
        }
        case "resource" -> {
          compiled = erase(ResourcePaths.compiler().condition(condition));
          ctx = new ResourceContext().set(resource);
        }
        case "scope" -> {
          compiled = erase(ScopePaths.compiler().condition(condition));
          ctx = new ScopeContext().set(resource, scope);
        }
        case "log" -> {
          compiled = erase(dev.relay.ottl.context.LogPaths.compiler().condition(condition));
          ctx = new dev.relay.ottl.context.LogContext().set(resource, scope,
              io.opentelemetry.proto.logs.v1.LogRecord.newBuilder().setSeverityText("INFO"));
        }
        default -> throw new IllegalArgumentException("unknown context " + context);
      }
    } catch (OttlException e) {
      assertThat(expected).as("compile error: " + e.getMessage()).isEqualTo("compile");
      return;
    }
    assertThat(expected).as("compiled, but the table expects a compile error").isNotEqualTo("compile");
    if (expected.equals("runtime")) {
      Object c = ctx;
      assertThatThrownBy(() -> {
        for (Statement<Object> st : statements) {
          st.execute(c);
        }
        compiled.test(c);
      }).isInstanceOf(OttlRuntimeException.class);
      return;
    }
    for (Statement<Object> st : statements) {
      st.execute(ctx);
    }
    assertThat(compiled.test(ctx)).isEqualTo(Boolean.parseBoolean(expected));
  }

  @SuppressWarnings("unchecked")
  private static <T> Condition<Object> erase(Condition<T> c) {
    return (Condition<Object>) (Condition<?>) c;
  }

  @SuppressWarnings("unchecked")
  private static <T> Statement<Object> erase(Statement<T> s) {
    return (Statement<Object>) (Statement<?>) s;
  }
}
