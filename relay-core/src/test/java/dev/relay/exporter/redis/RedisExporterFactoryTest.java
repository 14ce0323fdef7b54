package dev.relay.exporter.redis;

import static dev.relay.testing.ConfigFixture.exporter;
import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code redis} exporter's settings. */
class RedisExporterFactoryTest {
  @Test
  void redisEndpointsMustFitClusterAndTls() {
    String base = """
        receivers:
          otlp:
            protocols:
              grpc:
        exporters:
          redis:
            %s
            routes:
              - channel: c
        service:
          admin:
            endpoint: none
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [redis]
        """;
    assertThat(faults(base.formatted("""
        cluster: true
            endpoints: [rediss://a:7000, redis://b:7001]
            tls:
              insecure_skip_verify: true"""))).containsExactly(
        "relay.yaml:9: exporters.redis.tls: tls settings need rediss:// seeds");
    assertThat(faults(base.formatted("""
        cluster: true
            endpoint: redis-sentinel://s:26379#m"""))).containsExactly(
        "relay.yaml:8: exporters.redis.endpoint: a cluster is found through its nodes, not a Sentinel: give"
            + " redis:// or rediss:// seeds");
  }

  private static final String SEED = """
      receivers:
        otlp:
          protocols:
            grpc:
      exporters:
        redis:
          endpoint: redis:6379
          channel: luthien:activity
      service:
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [redis]
      """;

  /** The seed's sketch: host:port without a scheme, and one channel for every span event and log record. */
  @Test
  void aTopLevelChannelIsOneRouteForEverythingWithTheDefaultMessage() throws Exception {
    RedisExporterConfig cfg = exporter(parse(SEED), "redis");
    assertThat(cfg.endpoint()).isEqualTo("redis://redis:6379");
    assertThat(cfg.routes()).singleElement().satisfies(r -> {
      assertThat(r.hasChannel()).isTrue();
      assertThat(r.hasStream()).isFalse();
      assertThat(r.events().payload()).isSameAs(Payload.Default.INSTANCE);
      assertThat(r.logs().payload()).isSameAs(Payload.LogDefault.INSTANCE);
      assertThat(r.events().channel()).isNotNull();
      assertThat(r.events().stream()).isNull();
    });
    RedisExporterConfig stream = exporter(parse(SEED.replace("channel: luthien:activity",
        "stream: 'luthien:call:{{ span.attributes[\"luthien.call_id\"] }}'")), "redis");
    assertThat(stream.routes()).singleElement().satisfies(r -> {
      assertThat(r.hasChannel()).isFalse();
      assertThat(r.hasStream()).isTrue();
      assertThat(r.events().stream()).isNotNull();
      assertThat(r.logs()).as("span.attributes is a span-event path only").isNull();
    });
  }

  @Test
  void aTopLevelChannelIsNotGivenBesideRoutes() {
    assertThat(faults(SEED.replace("channel: luthien:activity", "channel: luthien:activity\n    routes:\n"
        + "      - channel: other"))).containsExactly(
        "relay.yaml:8: exporters.redis.channel: a channel or stream beside 'routes' is ambiguous: put it in a route");
    assertThat(faults(SEED.replace("channel: luthien:activity", "stream: ''"))).containsExactly(
        "relay.yaml:8: exporters.redis.stream: must not be empty");
    assertThat(faults(SEED.replace("    channel: luthien:activity\n", ""))).containsExactly(
        "relay.yaml:6: exporters.redis: 'routes' is required: list at least one route with a channel (or give"
            + " 'channel' for one route that sends every span event and log record)");
  }

  @Test
  void configuredNamesAreCheckedAndTtlAppliesToStreams() throws Exception {
    assertThat(faults(SEED.replace("channel: luthien:activity", "channel: 'luthien:*'"))).containsExactly(
        "relay.yaml:8: exporters.redis.channel: invalid channel: names may not hold * ? [ ] \\, whitespace or"
            + " control characters (found U+002A)");
    assertThat(faults(SEED.replace("channel: luthien:activity", "max_name_bytes: 8\n    channel: 'luthien:a:{{ name }}'")))
        .containsExactly("relay.yaml:9: exporters.redis.channel: invalid channel: the name is 10 bytes long without"
            + " its placeholders; names may be at most 8 bytes (max_name_bytes)");
    assertThat(faults(SEED.replace("channel: luthien:activity", "routes:\n      - channel: c\n        ttl: 1h")))
        .containsExactly("relay.yaml:10: exporters.redis.routes[0].ttl: ttl applies to a stream; this route has none");
    RedisExporterConfig cfg = exporter(parse(SEED.replace("channel: luthien:activity",
        "routes:\n      - stream: 'call:{{ name }}'\n        ttl: 90s")), "redis");
    assertThat(cfg.routes().get(0).ttlMillis()).isEqualTo(90_000);
    assertThat(cfg.maxNameBytes()).isEqualTo(ChannelNames.DEFAULT_MAX_BYTES);
  }
}
