package dev.relay.ottl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.otlp.EditableTraces;
import dev.relay.otlp.WireSpan;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanPaths;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every editor, run on spans still in a request's bytes ({@link WireSpan}), must leave exactly the span that the
 * same statement leaves when run on a decoded builder.
 */
class WireEditsTest {
  private static KeyValue kv(String k, AnyValue v) {
    return KeyValue.newBuilder().setKey(k).setValue(v).build();
  }

  private static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  private static Span span(Random r) {
    Span.Builder b = Span.newBuilder().setName(r.nextBoolean() ? "query" : "GET /health")
        .setKindValue(r.nextInt(6)).setStartTimeUnixNano(1000).setEndTimeUnixNano(5000 + r.nextInt(1000));
    String[] keys = {"http.request.header.authorization", "db.statement", "user.email", "prompt", "count",
        "luthien.call_id", "nested", "k3", "ünï", "😀"};
    for (String k : keys) {
      if (r.nextInt(3) == 0) {
        continue;
      }
      AnyValue v = switch (k) {
        case "count" -> AnyValue.newBuilder().setIntValue(r.nextInt(100)).build();
        case "nested" -> AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
            .addValues(kv("inner", str("x")))).build();
        case "db.statement" -> str("connect user=bob password=hunter2 host=db " + r.nextInt(10));
        case "prompt" -> str("héllo wörld, a long prompt that goes on " + "and on ".repeat(r.nextInt(5)));
        default -> str("value-" + r.nextInt(100));
      };
      b.addAttributes(kv(k, v));
    }
    if (r.nextInt(4) == 0) {
      b.addAttributes(kv("k3", str("a duplicate key"))); // the first one wins on lookups
    }
    return b.build();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "delete_key(attributes, \"http.request.header.authorization\")",
      "delete_key(attributes, \"absent\")",
      "delete_key(attributes, \"ünï\")",
      "set(attributes[\"ünï\"], \"x\")",
      "set(attributes[\"😀\"], attributes[\"😀\"])",
      "set(attributes[\"ünï2\"], \"y\")",
      "delete_key(attributes, \"\ud800\")",
      "delete_matching_keys(attributes, \"^(user|db)\\\\.\")",
      "keep_keys(attributes, [\"count\", \"k3\"])",
      "keep_matching_keys(attributes, \"^k\")",
      "replace_pattern(attributes[\"db.statement\"], \"password=[^ ]*\", \"password=***\")",
      "replace_pattern(attributes[\"k3\"], \"value\", \"v\")",
      "replace_all_patterns(attributes, \"value\", \"value\", \"V\")",
      "replace_all_patterns(attributes, \"key\", \"^k\", \"K\")",
      "replace_match(attributes[\"user.email\"], \"value-1*\", \"one\")",
      "set(attributes[\"user.email\"], SHA256(attributes[\"user.email\"])) where attributes[\"user.email\"] != nil",
      "set(attributes[\"luthien.call_id\"], ToUpperCase(attributes[\"luthien.call_id\"]))"
          + " where attributes[\"luthien.call_id\"] != nil",
      "set(attributes[\"deployment.environment\"], \"prod\")",
      "set(attributes[\"nested\"][\"inner\"], \"y\")",
      "set(attributes[\"count\"], attributes[\"count\"] + 1) where attributes[\"count\"] != nil",
      "set(attributes, resource.attributes)",
      "truncate_all(attributes, 8)",
      "truncate_all(attributes, 64)",
      "limit(attributes, 2, [\"count\"])",
      "merge_maps(attributes, resource.attributes, \"upsert\")",
      "set(name, \"renamed\") where attributes[\"k3\"] != nil",
      "set(status.code, STATUS_CODE_ERROR) where name == \"query\"",
      "set(resource.attributes[\"seen\"], name)",
  })
  void anEditOnTheWireLeavesWhatTheSameEditOnABuilderLeaves(String statement) throws Exception {
    Statement<SpanContext> compiled = SpanPaths.compiler().statement(statement);
    Random r = new Random(statement.hashCode());
    for (int round = 0; round < 50; round++) {
      ScopeSpans.Builder ss = ScopeSpans.newBuilder()
          .setScope(InstrumentationScope.newBuilder().setName("lib"));
      for (int i = 0; i < 4; i++) {
        ss.addSpans(span(r));
      }
      ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
          .addResourceSpans(ResourceSpans.newBuilder()
              .setResource(Resource.newBuilder().addAttributes(kv("service.name", str("shop"))))
              .addScopeSpans(ss))
          .build();

      ExportTraceServiceRequest.Builder expected = request.toBuilder();
      SpanContext ctx = new SpanContext();
      ResourceSpans.Builder rs = expected.getResourceSpansBuilder(0);
      for (Span.Builder b : rs.getScopeSpansBuilder(0).getSpansBuilderList()) {
        compiled.execute(ctx.set(rs.getResourceBuilder(), rs.getScopeSpansBuilder(0).getScopeBuilder(), b));
      }

      EditableTraces wire = EditableTraces.open(request.toByteArray());
      var rg = wire.resources().get(0);
      var sg = rg.scopes().get(0);
      List<WireSpan> spans = sg.spans();
      for (WireSpan w : spans) {
        compiled.execute(ctx.set(rg.resource(), sg.scope(), w));
      }
      assertEquals(expected.build(), ExportTraceServiceRequest.parseFrom(wire.encode()), statement);
    }
  }
}
