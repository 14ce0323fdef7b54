package dev.relay.ottl;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanPaths;
import dev.relay.ottl.context.SpanEventPaths;

/**
 * The OTTL lexer, parser and compiler on any text (the input's bytes as UTF-8, so the checked-in inputs are plain
 * text): a condition or statement compiles, or is refused with an
 * {@link OttlException} (a message), never a StackOverflowError or another exception. A condition that compiles is
 * also run on an empty span, where it may only fail with {@link OttlRuntimeException}.
 */
class OttlFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void conditions(byte[] input) {
    String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
    Condition<SpanContext> c;
    try {
      c = SpanPaths.compiler().condition(text);
    } catch (OttlException e) {
      return;
    }
    try {
      c.test(new SpanContext().set(io.opentelemetry.proto.resource.v1.Resource.getDefaultInstance(),
          io.opentelemetry.proto.common.v1.InstrumentationScope.getDefaultInstance(),
          io.opentelemetry.proto.trace.v1.Span.getDefaultInstance()));
    } catch (OttlRuntimeException e) {
      // an item the condition cannot judge
    }
  }

  @FuzzTest(maxDuration = "10s")
  void statements(byte[] input) {
    String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
    try {
      Parser.parseStatement(text);
      SpanEventPaths.compiler().condition(text);
    } catch (OttlException e) {
      // refused with a message
    }
  }
}
