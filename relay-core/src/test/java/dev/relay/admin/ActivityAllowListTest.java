package dev.relay.admin;

import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.TestConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code service.admin.activity.allow}: its syntax, its default from the Redis routes, and what it lets through. */
class ActivityAllowListTest {
  private static TestConfig relay(String activity) {
    TestConfig c = new TestConfig()
        .otlpReceiver()
        .redisExporter("redis", "redis://localhost:6379", """
            routes:
              - channel: luthien:activity
                stream: 'luthien:call:{{ span.attributes["call"] }}'
              - channel: 'luthien:call:{{ span.attributes["call"] }}:{{ name }}'
            """)
        .redisExporter("redis/other", "redis://localhost:6380", """
            stream: audit
            """)
        .pipeline("traces", List.of("otlp"), List.of("redis", "redis/other"));
    return activity == null ? c : c.service("admin:\n  activity:\n" + TestConfig.indent(activity, 4));
  }

  @Test
  void byDefaultWhatTheRoutesWriteWithAGlobForEachPlaceholder() throws Exception {
    ActivityAllowList allow = parse(relay(null).yaml()).admin().activity().allow();
    assertThat(allow).isEqualTo(new ActivityAllowList(List.of("luthien:activity", "luthien:call:*:*"),
        List.of("luthien:call:*", "audit"), true));
    assertThat(allow.allowsChannel("luthien:activity")).isTrue();
    assertThat(allow.allowsChannel("luthien:call:c1:gateway.step")).isTrue();
    assertThat(allow.allowsChannel("luthien:call:c1")).isFalse();
    assertThat(allow.allowsChannel("other")).isFalse();
    assertThat(allow.allowsStream("luthien:call:c1")).isTrue();
    assertThat(allow.allowsStream("audit")).isTrue();
    assertThat(allow.allowsStream("password-resets")).isFalse();
    assertThat(allow.allowsPattern("*")).isFalse();
    assertThat(allow.allowsPattern("luthien:call:*:*")).isTrue();
    assertThat(allow.allowsPattern("luthien:*")).isFalse();
  }

  @Test
  void anAllowListReplacesTheDefault() throws Exception {
    ActivityAllowList allow = parse(relay("""
        allow:
          - channel: "luthien:*"
          - stream: audit
        """).yaml()).admin().activity().allow();
    assertThat(allow).isEqualTo(new ActivityAllowList(List.of("luthien:*"), List.of("audit"), false));
    assertThat(allow.allowsPattern("luthien:call:*")).isTrue();
    assertThat(allow.allowsPattern("luthien:*")).isTrue();
    assertThat(allow.allowsPattern("luthie*")).isFalse();
    assertThat(allow.allowsPattern("*")).isFalse();
    assertThat(allow.allowsStream("luthien:call:c1")).isFalse();

    ActivityAllowList everything = parse(relay("allow: [{channel: '*'}]").yaml()).admin().activity().allow();
    assertThat(everything.allowsPattern("*")).isTrue();
    assertThat(everything.allowsStream("audit")).isFalse();

    assertThat(parse(relay("allow: []").yaml()).admin().activity().allow())
        .isEqualTo(new ActivityAllowList(List.of(), List.of(), false));
  }

  @Test
  void malformedEntriesAreFaults() {
    assertThat(faults(relay("""
        allow:
          - luthien:activity
          - {channel: a, stream: b}
          - {channel: a, key: b}
          - {stream: ""}
        """).yaml())).containsExactly(
        "relay.yaml:20: service.admin.activity.allow[0]: each allow entry is {channel: <glob>} or {stream: <glob>},"
            + " e.g. channel: \"luthien:call:*\"",
        "relay.yaml:21: service.admin.activity.allow[1]: each allow entry is {channel: <glob>} or {stream: <glob>},"
            + " e.g. channel: \"luthien:call:*\"",
        "relay.yaml:22: service.admin.activity.allow[2].key: unknown key 'key' (known keys here: channel)",
        "relay.yaml:23: service.admin.activity.allow[3].stream: must not be empty");
  }
}
