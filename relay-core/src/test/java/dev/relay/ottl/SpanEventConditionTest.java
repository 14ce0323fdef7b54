package dev.relay.ottl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.relay.ottl.context.SpanEventContext;
import dev.relay.ottl.context.SpanEventPaths;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SpanEventConditionTest {
  private static final Compiler<SpanEventContext> COMPILER = SpanEventPaths.compiler();
  private static final byte[] TRACE = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, (byte) 0xff};

  private static KeyValue kv(String k, AnyValue v) {
    return KeyValue.newBuilder().setKey(k).setValue(v).build();
  }

  private static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  private static final SpanEventContext CTX = new SpanEventContext().set(
      Resource.newBuilder().addAttributes(kv("service.name", str("gateway"))).build(),
      InstrumentationScope.newBuilder().setName("luthien").setVersion("2.0").build(),
      Span.newBuilder()
          .setName("chat")
          .setKind(Span.SpanKind.SPAN_KIND_SERVER)
          .setTraceId(ByteString.copyFrom(TRACE))
          .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 42}))
          .setStartTimeUnixNano(1_000)
          .setEndTimeUnixNano(3_500)
          .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
          .addAttributes(kv("luthien.call_id", str("abc")))
          .addAttributes(kv("http.status", AnyValue.newBuilder().setIntValue(503).build()))
          .addAttributes(kv("ratio", AnyValue.newBuilder().setDoubleValue(0.25).build()))
          .addAttributes(kv("nested", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
              .addValues(kv("inner", str("deep")))).build()))
          .build(),
      Span.Event.newBuilder()
          .setName("gateway.request_received")
          .setTimeUnixNano(2_000)
          .addAttributes(kv("model", str("m")))
          .addAttributes(kv("stream", AnyValue.newBuilder().setBoolValue(true).build()))
          .addAttributes(kv("tokens", AnyValue.newBuilder().setIntValue(12).build()))
          .build());

  private static boolean eval(String condition) throws OttlException {
    return COMPILER.condition(condition).test(CTX);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '#', value = {
      "name == \"gateway.request_received\"                         # true",
      "name != \"gateway.request_received\"                         # false",
      "IsMatch(name, \"^(gateway|policy)\\\\.\")                    # true",
      "IsMatch(name, \"^policy\\\\.\")                              # false",
      "not IsMatch(name, \"^policy\\\\.\")                          # true",
      "attributes[\"model\"] == \"m\" and attributes[\"stream\"] == true # true",
      "attributes[\"missing\"] == nil                               # true",
      "attributes[\"model\"] == nil                                 # false",
      "attributes[\"missing\"] != nil                               # false",
      "span.attributes[\"luthien.call_id\"] == \"abc\"              # true",
      "span.name == \"chat\" or span.name == \"other\"              # true",
      "(span.name == \"x\" or name == \"y\") and true               # false",
      "not (span.name == \"x\" or name == \"y\")                    # true",
      "span.kind == SPAN_KIND_SERVER                              # true",
      "span.kind == 2                                             # true",
      "span.status.code == STATUS_CODE_ERROR                      # true",
      "span.status.message == \"boom\"                            # true",
      "span.trace_id.string == \"0102030405060708090a0b0c0d0e0fff\" # true",
      "span.trace_id == TraceID(0x0102030405060708090a0b0c0d0e0fff) # true",
      "span.span_id == SpanID(0x000000000000002a)                 # true",
      "span.span_id.string == \"000000000000002a\"                # true",
      "resource.attributes[\"service.name\"] == \"gateway\"         # true",
      "instrumentation_scope.name == \"luthien\"                  # true",
      "span.attributes[\"nested\"][\"inner\"] == \"deep\"           # true",
      "span.attributes[\"nested\"][\"nope\"] == nil                 # true",
      "attributes[\"tokens\"] > 10                                 # true",
      "attributes[\"tokens\"] >= 12.0                              # true",
      "attributes[\"tokens\"] < 12.5                               # true",
      "span.attributes[\"ratio\"] < 1                              # true",
      "span.attributes[\"http.status\"] == \"503\"                  # false",
      "span.attributes[\"http.status\"] != \"503\"                  # true",
      "attributes[\"model\"] > 1                                   # false",
      "\"b\" > \"a\"                                               # true",
      "nil == nil                                                 # true",
      "nil < 1                                                    # false",
      "span.end_time_unix_nano - span.start_time_unix_nano == 2500 # true",
      "time_unix_nano == 2000                                     # true",
      "spanevent.name == \"gateway.request_received\"             # true",
      "IsMatch(span.attributes[\"http.status\"], \"^5\")            # true",
      "IsMatch(attributes[\"missing\"], \".*\")                     # false",
      "ToUpperCase(attributes[\"model\"]) == \"M\"                  # true",
      "Len(attributes) == 3                                       # true",
      "Concat([span.name, name], \"/\") == \"chat/gateway.request_received\" # true",
      "IsString(attributes[\"model\"]) and not IsString(attributes[\"tokens\"]) # true",
      "true and not false                                         # true",
      "-1 < 0                                                     # true",
  })
  void evaluates(String condition, boolean expected) throws OttlException {
    assertThat(eval(condition)).isEqualTo(expected);
  }

  /** A context reading one event from its bytes, as routes walk requests. */
  private static SpanEventContext wireEvent(byte[] eventBytes) {
    SpanEventContext ctx = new SpanEventContext();
    byte[] wire = new byte[eventBytes.length + 3]; // the event at an offset, as inside a request
    System.arraycopy(eventBytes, 0, wire, 3, eventBytes.length);
    ctx.wire(wire);
    ctx.wireEvent(3, eventBytes.length);
    return ctx;
  }

  private static SpanEventContext wireEvent(String name) {
    return wireEvent(Span.Event.newBuilder().setName(name).setTimeUnixNano(7)
        .addAttributes(kv("model", str("m"))).build().toByteArray());
  }

  @ParameterizedTest(name = "{0} on \"{1}\" -> {2}")
  @CsvSource(delimiter = '#', value = {
      "IsMatch(name, \"^gateway\\\\.\")          # gateway.request_received # true",
      "IsMatch(name, \"^gateway\\\\.\")          # gateway                  # false",
      "IsMatch(name, \"^gateway\\\\.\")          # gatewayXrequest          # false",
      "IsMatch(name, \"^gateway\\\\.\")          # ''                       # false",
      "IsMatch(name, \"^gateway\\\\.\")          # policy.gateway.x         # false",
      "IsMatch(name, \"^(gateway|policy)\\\\.\") # policy.denied            # true",
      // non-ASCII patterns take the regex path, on wire and decoded events alike
      "IsMatch(name, \"^été\")                   # été.début                # true",
      "IsMatch(name, \"^été\")                   # ete                      # false",
      "IsMatch(name, \"^😀x\")                   # 😀xyz                    # true",
      "not IsMatch(name, \"^policy\\\\.\")        # gateway.x                # true",
  })
  void prefixMatchesOnTheWireAsOnStrings(String condition, String name, boolean expected) throws OttlException {
    Condition<SpanEventContext> compiled = COMPILER.condition(condition);
    assertThat(compiled.test(wireEvent(name))).isEqualTo(expected);
    // the same on a decoded event, and on a wire event whose name was read as a string first
    Span.Event decoded = Span.Event.newBuilder().setName(name).build();
    assertThat(compiled.test(new SpanEventContext().set(Resource.getDefaultInstance(),
        InstrumentationScope.getDefaultInstance(), Span.getDefaultInstance(), decoded))).isEqualTo(expected);
    SpanEventContext read = wireEvent(name);
    assertThat(read.eventName()).isEqualTo(name);
    assertThat(compiled.test(read)).isEqualTo(expected);
  }

  @Test
  void theLastNameOnTheWireIsTheName() throws OttlException {
    // protobuf keeps the last of a repeated scalar field: "a" then "gateway.x" is named "gateway.x"
    byte[] first = Span.Event.newBuilder().setName("a").build().toByteArray();
    byte[] second = Span.Event.newBuilder().setName("gateway.x").build().toByteArray();
    byte[] both = new byte[first.length + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    byte[] reversed = new byte[both.length];
    System.arraycopy(second, 0, reversed, 0, second.length);
    System.arraycopy(first, 0, reversed, second.length, first.length);
    Condition<SpanEventContext> gateway = COMPILER.condition("IsMatch(name, \"^gateway\\\\.\")");
    assertThat(gateway.test(wireEvent(both))).isTrue();
    assertThat(gateway.test(wireEvent(reversed))).isFalse();
    assertThat(wireEvent(reversed).eventName()).isEqualTo("a");
    // and an event without a name has the empty name
    assertThat(gateway.test(wireEvent(new byte[0]))).isFalse();
    assertThat(wireEvent(new byte[0]).eventName()).isEmpty();
    assertThat(COMPILER.condition("name == \"\"").test(wireEvent(new byte[0]))).isTrue();
  }

  @Test
  void theEventNameGetterTestsPrefixesInBytes() throws OttlException {
    assertThat(COMPILER.value("name")).isInstanceOf(Utf8PrefixGetter.class);
    // IsMatch on an anchored literal asks such a getter for the prefix test, and never for the string
    int[] calls = new int[2];
    Utf8PrefixGetter<Object> name = new Utf8PrefixGetter<>() {
      @Override
      public Object get(Object ctx) {
        calls[0]++;
        return "gateway.x";
      }

      @Override
      public boolean startsWithAny(Object ctx, String[] prefixes, byte[][] utf8) {
        calls[1]++;
        assertThat(prefixes).containsExactly("gateway.", "policy.");
        assertThat(utf8).isDeepEqualTo(new byte[][] {"gateway.".getBytes(), "policy.".getBytes()});
        return true;
      }
    };
    Getter<Object> isMatch = new Converters.IsMatch().compile(java.util.List.of(new Arg<>(null, name),
        new Arg<>(new Ast.Literal("^(gateway|policy)\\.", 0), ctx -> null)));
    assertThat(isMatch.get(new Object())).isEqualTo(true);
    assertThat(calls).containsExactly(0, 1);
    // with a pattern that is not a literal prefix, the string is read and matched
    Getter<Object> regex = new Converters.IsMatch().compile(java.util.List.of(new Arg<>(null, name),
        new Arg<>(new Ast.Literal("^gate.ay", 0), ctx -> null)));
    assertThat(regex.get(new Object())).isEqualTo(true);
    assertThat(calls).containsExactly(1, 1);
  }

  @Test
  void payloadValuesKeepTheirTypes() throws OttlException {
    assertThat(COMPILER.value("span.attributes[\"http.status\"]").get(CTX)).isEqualTo(503L);
    assertThat(COMPILER.value("attributes[\"stream\"]").get(CTX)).isEqualTo(true);
    assertThat(COMPILER.value("time").get(CTX)).isEqualTo(new Timestamp(2_000));
    assertThat(COMPILER.value("span.trace_id").get(CTX)).isEqualTo(new Id(ByteString.copyFrom(TRACE)));
    assertThat(COMPILER.value("\"literal\"").get(CTX)).isEqualTo("literal");
    assertThat(COMPILER.value("attributes").get(CTX)).isInstanceOf(AttributeMap.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '#', value = {
      "IsMach(name, \"x\")          # unknown function 'IsMach' at column 1; did you mean 'IsMatch'?",
      "name = \"x\"                  # unexpected '=' at column 6 (did you mean '=='?)",
      "span.nme == \"x\"             # unknown path 'span.nme' at column 1",
      "nme == \"x\"                  # unknown path 'nme' at column 1",
      "name == SPAN_KIND_SERVR     # unknown enum 'SPAN_KIND_SERVR' at column 9",
      "IsMatch(name, \"(\")          # IsMatch: invalid regular expression",
      "IsMatch(name, span.name)    # IsMatch: the pattern must be a string literal",
      "IsMatch(name)               # IsMatch takes 2 arguments, found 1",
      "name                        # a condition must be a comparison",
      "ToLowerCase(name)           # ToLowerCase does not return a boolean",
      "name == \"x\" and            # unexpected end of input",
      "(name == \"x\"               # expected ')' at column 13, found end of input",
      "name == \"unterminated       # unterminated string starting at column 9",
      "set(name, \"x\")             # 'set' is an editor",
      "name == \"a\\qb\"             # unknown escape '\\q'",
  })
  void rejects(String condition, String message) {
    assertThatThrownBy(() -> COMPILER.condition(condition)).isInstanceOf(OttlException.class)
        .hasMessageContaining(message);
  }
}
