package dev.relay.processor.resourcedetection;

import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static dev.relay.testing.ConfigFixture.processor;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code resourcedetection} processor's settings; the Collector's other detectors are refused by name. */
class ResourceDetectionProcessorFactoryTest {
  private static String config(String settings) {
    return """
        receivers:
          otlp: {protocols: {grpc: {}}}
        processors:
          resourcedetection:
        %s
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [resourcedetection]
              exporters: [debug]
        """.formatted(settings.indent(4).stripTrailing());
  }

  @Test
  void defaults() throws Exception {
    ResourceDetectionConfig c = processor(parse(config("detectors: [env, system]")), "resourcedetection");
    assertThat(c.detectors()).containsExactly("env", "system");
    assertThat(c.override()).isTrue();
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.hostnameSources()).containsExactly("dns", "os");
    assertThat(c.systemAttributes()).containsExactlyInAnyOrder("host.name", "os.type");
  }

  @Test
  void everyKeyAndTheLoadersEnvironment() throws Exception {
    ResourceDetectionConfig c = processor(parse(config("""
        detectors: [system, env]
        override: false
        timeout: 2s
        refresh_interval: 0s
        system:
          hostname_sources: [os]
          resource_attributes:
            host.id: {enabled: true}
            os.type: {enabled: false}
            host.arch: {enabled: false}
        """), Map.of("OTEL_RESOURCE_ATTRIBUTES", "a=b")), "resourcedetection");
    assertThat(c.detectors()).containsExactly("system", "env");
    assertThat(c.override()).isFalse();
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.hostnameSources()).containsExactly("os");
    assertThat(c.systemAttributes()).isEqualTo(Set.of("host.name", "host.id"));
    assertThat(c.environment().apply("OTEL_RESOURCE_ATTRIBUTES")).isEqualTo("a=b");
  }

  @Test
  void otherDetectorsAreRefusedByName() {
    assertThat(faults(config("""
        detectors: [env, ec2, gcp]
        refresh_interval: 1m
        ec2:
          tags: [^tag1$]
        system:
          hostname_sources: [cname, dns, nis]
          resource_attributes:
            host.ip: {enabled: true}
        endpoint: http://169.254.169.254
        """))).containsExactly(
        "relay.yaml:5: processors.resourcedetection.detectors[1]: detector 'ec2' is not supported by Relay"
            + " (supported: env, system)",
        "relay.yaml:5: processors.resourcedetection.detectors[2]: detector 'gcp' is not supported by Relay"
            + " (supported: env, system)",
        "relay.yaml:6: processors.resourcedetection.refresh_interval: is not supported by Relay: detection runs"
            + " once, at start",
        "relay.yaml:10: processors.resourcedetection.system.hostname_sources[0]: hostname source 'cname' is not"
            + " supported by Relay (supported: dns, os)",
        "relay.yaml:10: processors.resourcedetection.system.hostname_sources[2]: hostname_sources contains invalid"
            + " value: \"nis\"",
        "relay.yaml:12: processors.resourcedetection.system.resource_attributes.host.ip: resource attribute"
            + " 'host.ip' of the system detector is not supported by Relay (supported: host.name, os.type, host.id)",
        "relay.yaml:7: processors.resourcedetection.ec2: settings for detector 'ec2', which is not supported by"
            + " Relay (supported: env, system)",
        "relay.yaml:13: processors.resourcedetection.endpoint: unknown key 'endpoint' (known keys here: detectors,"
            + " ec2, override, refresh_interval, system, timeout)");
  }

  @Test
  void aConfigWithoutDetectorsIsValid() throws Exception {
    ResourceDetectionConfig c = processor(parse(config("{}")), "resourcedetection");
    assertThat(c.detectors()).isEqualTo(List.of());
  }
}
