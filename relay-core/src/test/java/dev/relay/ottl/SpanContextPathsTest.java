package dev.relay.ottl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.relay.ottl.context.ResourcePaths;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanPaths;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code trace_state["k"]} written as the Collector writes it, and {@code IsRootSpan()}. */
class SpanContextPathsTest {
  private static String afterSet(String traceState, String statement) throws OttlException {
    Span.Builder span = Span.newBuilder().setTraceState(traceState);
    SpanPaths.compiler().statement(statement)
        .execute(new SpanContext().set(Resource.newBuilder(), InstrumentationScope.newBuilder(), span));
    return span.getTraceState();
  }

  // Expected values as contrib's ctxspan span_test.go and Go's trace.TraceState.Insert give them: the member set
  // moves first; an invalid key or value, a non-string, or a header that does not parse change nothing.
  @ParameterizedTest(name = "{0} | {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "key1=val1,key2=val2 | set(trace_state[\"key1\"], \"newVal\")   | key1=newVal,key2=val2",
      "key1=val1,key2=val2 | set(trace_state[\"key2\"], \"newVal\")   | key2=newVal,key1=val1",
      "key1=val1           | set(trace_state[\"vendor\"], \"x\")      | vendor=x,key1=val1",
      "''                  | set(trace_state[\"vendor\"], \"x\")      | vendor=x",
      "key1=val1           | set(span.trace_state[\"a@b\"], \"x\")    | a@b=x,key1=val1",
      "key1=val1           | set(trace_state[\"Upper\"], \"x\")       | key1=val1",
      "key1=val1           | set(trace_state[\"k\"], \"a,b\")         | key1=val1",
      "key1=val1           | set(trace_state[\"k\"], \"\")            | key1=val1",
      "key1=val1           | set(trace_state[\"k\"], 5)               | key1=val1",
      "not a header        | set(trace_state[\"k\"], \"v\")           | not a header",
      "key1=val1           | set(trace_state, \"rojo=1\")             | rojo=1",
  })
  void traceStateMembersAreWrittenAsTheCollectorWritesThem(String before, String statement, String after)
      throws Exception {
    assertThat(afterSet(before, statement)).isEqualTo(after);
  }

  @Test
  void aSpanWithoutAParentIsRoot() throws Exception {
    Condition<SpanContext> root = SpanPaths.compiler().condition("IsRootSpan()");
    SpanContext ctx = new SpanContext();
    assertThat(root.test(ctx.set(Resource.newBuilder(), InstrumentationScope.newBuilder(), Span.newBuilder())))
        .isTrue();
    assertThat(root.test(ctx.set(Resource.newBuilder(), InstrumentationScope.newBuilder(),
        Span.newBuilder().setParentSpanId(ByteString.copyFrom(new byte[8]))))).isTrue();
    assertThat(root.test(ctx.set(Resource.newBuilder(), InstrumentationScope.newBuilder(),
        Span.newBuilder().setParentSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 9}))))).isFalse();
  }

  @Test
  void contextFunctionsElsewhereSayWhichContextsHaveThem() {
    assertThatThrownBy(() -> ResourcePaths.compiler().condition("IsRootSpan()"))
        .hasMessage("function 'IsRootSpan' at column 1 is not available in this context: only the span context"
            + " has it");
  }
}
