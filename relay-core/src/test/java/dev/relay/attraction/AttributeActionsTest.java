package dev.relay.attraction;

import static dev.relay.testing.KeyValues.kv;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.config.ConfigMap;
import dev.relay.config.Problems;
import dev.relay.config.YamlLoader;
import dev.relay.consumer.RequestContext;
import dev.relay.testing.KeyValues;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each action's semantics, as the Collector's attraction package defines them, on real attribute lists. */
class AttributeActionsTest {
  private static AttributeActions actions(String yaml) {
    return actions(yaml, Map.of());
  }

  private static AttributeActions actions(String yaml, Map<String, String> env) {
    Problems problems = new Problems("test.yaml");
    ConfigMap m = new YamlLoader(env::get).parse(yaml, problems);
    AttributeActions a = AttributeActions.read(m, "actions");
    assertThat(problems.list()).isEmpty();
    return a;
  }

  /** The attributes after the actions ran on a resource holding {@code attributes}. */
  private static List<KeyValue> run(AttributeActions actions, List<KeyValue> attributes) {
    Resource.Builder r = Resource.newBuilder().addAllAttributes(attributes);
    actions.apply(AttributeEditor.resources().on(r));
    return r.getAttributesList();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void insertOnlyWhereAbsentUpdateOnlyWherePresentUpsertEither() {
    AttributeActions a = actions("""
        actions:
          - {key: a, value: new, action: insert}
          - {key: b, value: new, action: insert}
          - {key: a, value: updated, action: update}
          - {key: c, value: updated, action: update}
          - {key: d, value: up, action: UPSERT}
          - {key: b, value: up, action: upsert}
        """);
    assertThat(run(a, KeyValues.of("a", "old"))).containsExactly(
        kv("a", "updated"), kv("b", "up"), kv("d", "up"));
  }

  @Test
  void valuesAreTypedAsYamlTypesThem() {
    AttributeActions a = actions("""
        actions:
          - {key: int, value: 2245, action: insert}
          - {key: text, value: "2245", action: insert}
          - {key: double, value: 1.5, action: insert}
          - {key: bool, value: true, action: insert}
          - {key: yes, value: yes, action: insert}
          - {key: list, value: [1, a], action: insert}
          - {key: map, value: {k: 1}, action: insert}
          - key: env
            value: "${env:N}"
            action: insert
          - key: env_plain
            value: ${env:N}
            action: insert
        """, Map.of("N", "5"));
    AnyValue list = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
        .addValues(KeyValues.value(1L)).addValues(KeyValues.value("a"))).build();
    AnyValue map = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(kv("k", 1L))).build();
    assertThat(run(a, List.of())).containsExactly(kv("int", 2245L), kv("text", "2245"), kv("double", 1.5),
        kv("bool", true), kv("yes", "yes"), kv("list", list), kv("map", map), kv("env", "5"), kv("env_plain", 5L));
  }

  @Test
  void fromAttributeCopiesAndDefaultValueFillsIn() {
    AttributeActions a = actions("""
        actions:
          - {key: copy, from_attribute: original, action: upsert}
          - {key: missing, from_attribute: nowhere, action: upsert}
          - {key: region, from_attribute: cloud.region, default_value: us-east-1, action: insert}
          - {key: tenant, from_context: metadata.tenant, default_value: default-tenant, action: upsert}
          - {key: auth, from_context: auth.subject, action: upsert}
          - {key: fixed, default_value: 7, action: insert}
        """);
    assertThat(a.contextKeys()).containsExactly("metadata.tenant", "auth.subject");
    assertThat(run(a, KeyValues.of("original", 42L))).containsExactly(kv("original", 42L), kv("copy", 42L),
        kv("region", "us-east-1"), kv("tenant", "default-tenant"), kv("fixed", 7L));
  }

  /** The client's metadata, as the receiver passes it on with include_metadata: one value a string, several a list. */
  @Test
  void fromContextReadsTheClientsMetadata() {
    AttributeActions a = actions("""
        actions:
          - {key: tenant, from_context: metadata.x-tenant, default_value: none, action: upsert}
          - {key: plain, from_context: X-Tenant, action: upsert}
          - {key: zones, from_context: metadata.zone, action: upsert}
          - {key: address, from_context: client.address, default_value: unknown, action: upsert}
          - {key: subject, from_context: auth.subject, action: upsert}
        """);
    List<KeyValue> out;
    try (RequestContext.Scope ignored = RequestContext.EMPTY.withMetadata(Map.of("X-Tenant", List.of("t1"),
        "zone", List.of("a", "b"))).makeCurrent()) {
      out = run(a, List.of());
    }
    AnyValue zones = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
        .addValues(AnyValue.newBuilder().setStringValue("a")).addValues(AnyValue.newBuilder().setStringValue("b")))
        .build();
    assertThat(out).containsExactly(kv("tenant", "t1"), kv("plain", "t1"),
        KeyValue.newBuilder().setKey("zones").setValue(zones).build(), kv("address", "unknown"));
    assertThat(run(a, List.of())).as("no metadata").containsExactly(kv("tenant", "none"), kv("address", "unknown"));
  }

  @Test
  void deleteByKeyThenByPatternKeepingTheOrder() {
    AttributeActions a = actions("""
        actions:
          - {key: b, pattern: ^secret\\., action: delete}
          - {key: absent, action: delete}
        """);
    assertThat(run(a, KeyValues.of("a", 1, "secret.x", 2, "b", 3, "c", 4, "secret.y", 5, "not.secret.z", 6)))
        .containsExactly(kv("a", 1L), kv("c", 4L), kv("not.secret.z", 6L));
  }

  @Test
  void hashIsSha256HexOfTheValuesBytes() throws Exception {
    AttributeActions a = actions("""
        actions:
          - {key: s, action: hash}
          - {key: i, action: hash}
          - {key: d, action: hash}
          - {key: t, action: hash}
          - {key: f, action: hash}
          - {pattern: ^other, action: hash}
          - {key: empty, action: hash}
        """);
    List<KeyValue> out = run(a, List.of(kv("s", "a@b.c"), kv("i", 2245L), kv("d", 1.5), kv("t", true),
        kv("f", false), kv("other.bytes", new byte[] {1, 2}), kv("other.list", List.of("x")), kv("empty", "")));
    byte[] i = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(2245L).array();
    byte[] d = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(Double.doubleToLongBits(1.5)).array();
    assertThat(out).containsExactly(
        kv("s", sha256("a@b.c".getBytes(StandardCharsets.UTF_8))),
        kv("i", sha256(i)),
        kv("d", sha256(d)),
        kv("t", sha256(new byte[] {1})),
        kv("f", sha256(new byte[] {0})),
        kv("other.bytes", ""),
        kv("other.list", ""),
        kv("empty", ""));
    assertThat(sha256("abc".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void aKeyBothNamedAndMatchedIsHashedTwiceAsInTheCollector() throws Exception {
    AttributeActions a = actions("""
        actions:
          - {key: email, pattern: ^email$, action: hash}
        """);
    String once = sha256("x".getBytes(StandardCharsets.UTF_8));
    assertThat(run(a, KeyValues.of("email", "x")))
        .containsExactly(kv("email", sha256(once.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void extractSetsOneStringPerNamedGroupAndLeavesTheSource() {
    AttributeActions a = actions("""
        actions:
          - key: http.url
            pattern: ^(?P<http_protocol>.*):\\/\\/(?P<http_domain>.*)\\/(?P<http_path>.*)
            action: extract
          - key: route
            pattern: ^/users/(?<user_id>[0-9]+)(?:/(?P<tail>x))?
            action: extract
          - {key: n, pattern: '(?P<d>[0-9])', action: extract}
          - {key: nomatch, pattern: '(?P<z>[0-9])', action: extract}
        """);
    assertThat(run(a, KeyValues.of("http.url", "https://example.com/v1/x", "http_path", "old", "route", "/users/42",
        "n", 7, "nomatch", "abc"))).containsExactly(
            kv("http.url", "https://example.com/v1/x"), kv("http_path", "x"), kv("route", "/users/42"),
            kv("n", 7L), kv("nomatch", "abc"),
            kv("http_protocol", "https"), kv("http_domain", "example.com/v1"),
            kv("user_id", "42"), kv("tail", ""));
  }

  @Test
  void convertFollowsTheCollectorsTable() {
    AttributeActions a = actions("""
        actions:
          - {key: i1, action: convert, converted_type: int}
          - {key: i2, action: convert, converted_type: int}
          - {key: i3, action: convert, converted_type: int}
          - {key: i4, action: convert, converted_type: int}
          - {key: d1, action: convert, converted_type: double}
          - {key: d2, action: convert, converted_type: double}
          - {key: d3, action: convert, converted_type: double}
          - {key: s1, action: convert, converted_type: string}
          - {key: s2, action: convert, converted_type: string}
          - {key: s3, action: convert, converted_type: string}
          - {key: s4, action: convert, converted_type: string}
          - {key: s5, action: convert, converted_type: string}
        """);
    AnyValue map = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
        .addValues(kv("b", 1L)).addValues(kv("a", "x"))).build();
    assertThat(run(a, List.of(kv("i1", "200"), kv("i2", 2.9), kv("i3", true), kv("i4", "2.5"),
        kv("d1", 3L), kv("d2", "1e3"), kv("d3", " 1"),
        kv("s1", 1.0), kv("s2", 1e21), kv("s3", new byte[] {1, 2, 3}), kv("s4", map), kv("s5", 1.5e-7))))
        .containsExactly(kv("i1", 200L), kv("i2", 2L), kv("i3", 1L), kv("i4", "2.5"),
            kv("d1", 3.0), kv("d2", 1000.0), kv("d3", " 1"),
            kv("s1", "1"), kv("s2", "1e+21"), kv("s3", "AQID"), kv("s4", "{\"a\":\"x\",\"b\":1}"),
            kv("s5", "1.5e-7"));
  }

  @Test
  void anEditorSaysWhetherAnythingChanged() {
    AttributeActions a = actions("""
        actions:
          - {key: a, value: 1, action: update}
        """);
    AttributeEditor.Resources attrs = AttributeEditor.resources();
    a.apply(attrs.on(Resource.newBuilder().addAttributes(kv("b", 1L))));
    assertThat(attrs.changed()).isFalse();
    a.apply(attrs.on(Resource.newBuilder().addAttributes(kv("a", 2L))));
    assertThat(attrs.changed()).isTrue();
    attrs.reset();
    assertThat(attrs.changed()).isFalse();
  }
}
