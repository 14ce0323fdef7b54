package dev.relay.exporter.redis;

import static dev.relay.testing.ConfigFixture.faults;
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
}
