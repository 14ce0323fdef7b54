package dev.relay.ottl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanPaths;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EditorsTest {
  private final Resource.Builder resource = Resource.newBuilder()
      .addAttributes(ConformanceTest.kv("k8s.namespace.name", ConformanceTest.str("shop")));
  private final Span.Builder span = Span.newBuilder().setName("query")
      .addAttributes(ConformanceTest.kv("http.request.header.authorization", ConformanceTest.str("Bearer x")))
      .addAttributes(ConformanceTest.kv("db.statement",
          ConformanceTest.str("connect user=bob password=hunter2 host=db")))
      .addAttributes(ConformanceTest.kv("user.email", ConformanceTest.str("ann@example.com")))
      .addAttributes(ConformanceTest.kv("prompt", ConformanceTest.str("héllo wörld, a long prompt")))
      .addAttributes(ConformanceTest.kv("count", ConformanceTest.num(3)));
  private final SpanContext ctx = new SpanContext().set(resource, InstrumentationScope.newBuilder(), span);

  private void run(String... statements) throws OttlException {
    for (String s : statements) {
      SpanPaths.compiler().statement(s).execute(ctx);
    }
  }

  private Map<String, Object> attrs() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (KeyValue kv : span.getAttributesList()) {
      out.put(kv.getKey(), Values.toRaw(Values.fromAny(kv.getValue())));
    }
    return out;
  }

  @Test
  void typicalRedactionRules() throws Exception {
    run("delete_key(attributes, \"http.request.header.authorization\")",
        "replace_pattern(attributes[\"db.statement\"], \"password=[^ ]*\", \"password=***\")",
        "set(attributes[\"user.email\"], SHA256(attributes[\"user.email\"]))",
        "truncate_all(attributes, 8)",
        "set(resource.attributes[\"deployment.environment\"], \"prod\")");
    assertThat(attrs()).containsExactly(
        Map.entry("db.statement", "connect "),
        Map.entry("user.email", ((String) Converters.sha256("ann@example.com")).substring(0, 8)),
        Map.entry("prompt", "héllo w"),
        Map.entry("count", 3L));
    assertThat(resource.getAttributesList()).extracting(KeyValue::getKey)
        .containsExactly("k8s.namespace.name", "deployment.environment");
  }

  @Test
  void replacePatternExpandsGoStyleGroups() throws Exception {
    run("replace_pattern(attributes[\"db.statement\"], \"(user)=(?P<who>\\\\w+)\", \"$1:${who}!$$\")");
    assertThat(attrs().get("db.statement")).isEqualTo("connect user:bob!$ password=hunter2 host=db");
    run("replace_pattern(attributes[\"db.statement\"], \"host=(\\\\w+)\", \"$1\", SHA256, \"h=%s\")");
    assertThat((String) attrs().get("db.statement")).endsWith(
        "h=" + Converters.sha256("db"));
    run("replace_pattern(attributes[\"missing\"], \"x\", \"y\")");
    assertThat(attrs()).doesNotContainKey("missing");
  }

  @Test
  void mapEditors() throws Exception {
    run("keep_keys(attributes, [\"prompt\", \"count\", \"nope\"])");
    assertThat(attrs().keySet()).containsExactly("prompt", "count");
    run("set(attributes[\"a.secret\"], \"s\")", "set(attributes[\"b.password\"], \"p\")",
        "delete_matching_keys(attributes, \"(?i).*(secret|password)\")");
    assertThat(attrs().keySet()).containsExactly("prompt", "count");
    run("keep_matching_keys(attributes, \"^c\")");
    assertThat(attrs().keySet()).containsExactly("count");
    run("set(attributes[\"k1\"], \"v1\")", "set(attributes[\"k2\"], \"v2\")", "set(attributes[\"k3\"], \"v3\")",
        "limit(attributes, 2, [\"k3\"])");
    assertThat(attrs().keySet()).containsExactly("count", "k3");
    run("replace_all_patterns(attributes, \"key\", \"^k(\\\\d)$\", \"key$1\")",
        "replace_all_patterns(attributes, \"value\", \"^v\", \"value-\")");
    assertThat(attrs()).containsExactly(Map.entry("count", 3L), Map.entry("key3", "value-3"));
    run("merge_maps(attributes, resource.attributes, \"insert\")");
    assertThat(attrs().keySet()).containsExactly("count", "key3", "k8s.namespace.name");
    run("set(attributes[\"count\"], 9)", "merge_maps(attributes, resource.attributes, \"update\")");
    assertThat(attrs().get("count")).isEqualTo(9L);
  }

  @Test
  void replaceMatchUsesGlobs() throws Exception {
    run("set(attributes[\"http.target\"], \"/user/123/list/456\")",
        "replace_match(attributes[\"http.target\"], \"/user/*/list/*\", \"/user/{userId}/list/{listId}\")");
    assertThat(attrs().get("http.target")).isEqualTo("/user/{userId}/list/{listId}");
    run("set(attributes[\"http.target\"], \"/user/1/2/list/3\")",
        "replace_match(attributes[\"http.target\"], \"/user/*/list/*\", \"x\")");
    // gobwas/glob without separators, as the Collector compiles it: '*' crosses '/'
    assertThat(attrs().get("http.target")).isEqualTo("x");
    String alternatives = "replace_match(attributes[\"http.target\"], \"{GET,PUT} /[!b]\", \"y\")";
    run("set(attributes[\"http.target\"], \"GET /a\")", alternatives);
    assertThat(attrs().get("http.target")).isEqualTo("y");
    run("set(attributes[\"http.target\"], \"PUT /b\")", alternatives);
    assertThat(attrs().get("http.target")).isEqualTo("PUT /b");
  }

  @Test
  void setWritesNestedValuesFieldsAndIgnoresNil() throws Exception {
    run("set(attributes[\"http\"][\"method\"], \"GET\")", "set(attributes[\"http\"][\"code\"], 200)",
        "set(name, Concat([name, \"v2\"], \"-\"))", "set(kind, SPAN_KIND_CLIENT)",
        "set(status.code, STATUS_CODE_ERROR)", "set(attributes[\"count\"], attributes[\"missing\"])",
        "set(attributes[\"list\"], [1, \"two\"])", "set(attributes[\"copy\"], attributes[\"http\"])");
    assertThat(attrs().get("http")).isEqualTo(Map.of("method", "GET", "code", 200L));
    assertThat(attrs().get("copy")).isEqualTo(attrs().get("http"));
    assertThat(attrs().get("count")).isEqualTo(3L);
    assertThat(attrs().get("list")).isEqualTo(java.util.List.of(1L, "two"));
    assertThat(span.getName()).isEqualTo("query-v2");
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(span.getStatus().getCode().getNumber()).isEqualTo(2);
  }

  @Test
  void whereClausesGateStatements() throws Exception {
    run("set(attributes[\"flag\"], true) where name == \"other\"",
        "set(attributes[\"hit\"], true) where name == \"query\" and attributes[\"count\"] > 2");
    assertThat(attrs()).doesNotContainKey("flag").containsEntry("hit", true);
  }

  @Test
  void namedArgumentsAndTruncationMarker() throws Exception {
    run("truncate_all(attributes, 12, truncation_marker = \"...\")");
    assertThat(attrs().get("prompt")).isEqualTo("héllo w...");
    assertThat(attrs().get("db.statement")).isEqualTo("connect u...");
    run("set(attributes[\"ascii\"], \"abcdefgh\")", "truncate_all(attributes, 4, utf8_safe = false)");
    assertThat(attrs().get("ascii")).isEqualTo("abcd");
  }

  @Test
  void typeErrorsFailAtRunTime() throws Exception {
    Statement<SpanContext> st = SpanPaths.compiler().statement("set(name, 42)");
    assertThatThrownBy(() -> st.execute(ctx)).isInstanceOf(OttlRuntimeException.class)
        .hasMessageContaining("name must be set to a string, not an int");
    Statement<SpanContext> del = SpanPaths.compiler().statement("delete_key(attributes[\"count\"], \"x\")");
    assertThatThrownBy(() -> del.execute(ctx)).isInstanceOf(OttlRuntimeException.class)
        .hasMessageContaining("delete_key expects a map");
  }

  @Test
  void compileErrorsNameTheFaultAndColumn() {
    assertThatThrownBy(() -> SpanPaths.compiler().statement("delete_kye(attributes, \"x\")"))
        .hasMessage("unknown function 'delete_kye' at column 1; did you mean 'delete_key'?");
    assertThatThrownBy(() -> SpanPaths.compiler().statement("set(attributes[\"x\"], Frob(name))"))
        .hasMessage("unknown function 'Frob' at column 22");
    assertThatThrownBy(() -> SpanPaths.compiler().statement("set(attributes[\"x\"], isMatch(name, \"a\"))"))
        .hasMessage("unknown function 'isMatch' at column 22; did you mean 'IsMatch'?");
    assertThatThrownBy(() -> SpanPaths.compiler().statement("set(attributes[\"x\"], ProfileID(name))"))
        .hasMessage("function 'ProfileID' at column 22 is not supported by Relay: Relay has no profiles signal");
    assertThatThrownBy(() -> SpanPaths.compiler().statement("set(attributes[\"x\"], delete_key(attributes, \"a\"))"))
        .hasMessageStartingWith("'delete_key' is an editor");
    assertThatThrownBy(() -> SpanPaths.compiler().statement("set(\"x\", name)"))
        .hasMessageContaining("the target must be a path");
    assertThatThrownBy(() -> SpanPaths.compiler().statement("truncate_all(attributes, 4, markr = \"x\")"))
        .hasMessageContaining("truncate_all has no parameter 'markr'");
    assertThatThrownBy(() -> SpanPaths.compiler().statement("limit(attributes, 1, [\"a\", \"b\"])"))
        .hasMessageContaining("more priority keys (2) than the limit (1)");
    assertThatThrownBy(() -> SpanPaths.compiler().statement("set(trace_id.string, \"x\")"))
        .isInstanceOf(OttlException.class);
    assertThatThrownBy(() -> SpanPaths.compiler().statement("set(attributes[\"x\"], 1) where"))
        .isInstanceOf(OttlException.class);
  }

  @Test
  void regexesThatBacktrackingEnginesChokeOnRunInLinearTime() throws Exception {
    // ~35 million steps for a backtracking engine on 29 characters; RE2 reads each character once per state.
    run("set(attributes[\"evil\"], \"" + "a".repeat(19) + "b".repeat(10) + "\")");
    assertThat(SpanPaths.compiler().condition("IsMatch(attributes[\"evil\"], \"(.*a){20}\")").test(ctx)).isFalse();
    run("replace_pattern(attributes[\"evil\"], \"(.*a){19}\", \"x\")");
    assertThat(attrs().get("evil")).isEqualTo("x" + "b".repeat(10));
    // java.util.regex recursed once per repetition here and overflowed the stack
    run("set(attributes[\"long\"], \"" + "ab".repeat(5000) + "\")");
    assertThat(SpanPaths.compiler().condition("IsMatch(attributes[\"long\"], \"^(a|b)*$\")").test(ctx)).isTrue();
    run("replace_pattern(attributes[\"long\"], \"^(a|b)*$\", \"x\")");
    assertThat(attrs().get("long")).isEqualTo("x");
  }

  @Test
  void emptyMatchesNeverSplitASurrogatePair() throws Exception {
    run("set(attributes[\"emoji\"], \"\uD83D\uDE00a\")", "replace_pattern(attributes[\"emoji\"], \"x*\", \"-\")");
    assertThat(attrs().get("emoji")).isEqualTo("-\uD83D\uDE00-a-");
  }

  @Test
  void globsAreCheckedAtCompileTimeAndAmpersandIsLiteral() throws Exception {
    assertThatThrownBy(() -> SpanPaths.compiler().statement("replace_match(attributes[\"x\"], \"[]\", \"y\")"))
        .isInstanceOf(OttlException.class).hasMessageContaining("replace_match");
    run("set(attributes[\"amp\"], \"&\")", "replace_match(attributes[\"amp\"], \"[a&&b]\", \"matched\")");
    assertThat(attrs().get("amp")).isEqualTo("matched");
  }

  @Test
  void deeplyNestedValuesAreHandledWithoutRecursionTrouble() throws Exception {
    AnyValue v = ConformanceTest.str("leaf");
    for (int i = 0; i < 90; i++) {
      v = i % 2 == 0
          ? AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(ConformanceTest.kv("k", v))).build()
          : AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(v)).build();
    }
    span.addAttributes(ConformanceTest.kv("deep", v));
    assertThat(SpanPaths.compiler().condition("attributes[\"deep\"] == attributes[\"deep\"]").test(ctx)).isTrue();
    Object text = SpanPaths.compiler().value("String(attributes[\"deep\"])").get(ctx);
    assertThat((String) text).contains("null");
    run("truncate_all(attributes, 4)", "set(attributes[\"copy\"], attributes[\"deep\"])");
    assertThat(attrs()).containsKey("copy");
  }
}
