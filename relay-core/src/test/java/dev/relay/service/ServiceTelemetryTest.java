package dev.relay.service;

import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code service.telemetry}: its keys, defaults and faults, the metrics readers Relay warns about, and resource tags. */
class ServiceTelemetryTest {
  private static String config(String telemetry) {
    return """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:4317
        exporters:
          debug:
        service:
          admin:
            endpoint: 0.0.0.0:8888
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [debug]
          telemetry:
        """ + telemetry.indent(4);
  }

  @Test
  void defaultsAreTheCollectorsConsoleLogsAtInfo() throws Exception {
    RelayConfig cfg = parse(config(""));
    assertThat(cfg.telemetry()).isEqualTo(ServiceTelemetry.defaults());
    assertThat(cfg.telemetry().logs()).isEqualTo(new ServiceTelemetry.Logs("info", "console", Map.of()));
    assertThat(cfg.telemetry().logs().json()).isFalse();
    assertThat(cfg.telemetry().metricsLevel()).isEqualTo("normal");
    assertThat(cfg.warnings()).isEmpty();
  }

  @Test
  void readsEveryKey() throws Exception {
    RelayConfig cfg = parse(config("""
        logs:
          level: DEBUG
          encoding: json
          initial_fields:
            service: relay
            pod: ${env:POD}
        metrics:
          level: detailed
          address: 0.0.0.0:8888
          readers:
            - pull:
                exporter:
                  prometheus:
                    host: 0.0.0.0
                    port: 8888
        resource:
          service.name: relay-sidecar
          deployment.environment: prod
          dropped:
        """), Map.of("POD", "web-1"));
    ServiceTelemetry t = cfg.telemetry();
    assertThat(t.logs().level()).isEqualTo("debug");
    assertThat(t.logs().json()).isTrue();
    assertThat(t.logs().initialFields()).containsExactly(Map.entry("service", "relay"), Map.entry("pod", "web-1"));
    assertThat(t.metricsLevel()).isEqualTo("detailed");
    assertThat(t.resource()).containsExactly(Map.entry("service.name", "relay-sidecar"),
        Map.entry("deployment.environment", "prod"));
    assertThat(cfg.warnings()).as("the readers name the admin endpoint").isEmpty();
  }

  @Test
  void readersOnAnotherAddressOrPushingAreWarnedAbout() throws Exception {
    RelayConfig cfg = parse(config("""
        metrics:
          level: none
          address: localhost:9999
          readers:
            - pull:
                exporter:
                  prometheus:
                    host: localhost
                    port: 8889
            - periodic:
                interval: 10000
                exporter:
                  otlp:
                    endpoint: https://backend:4318
            - pull:
                exporter:
                  otlp: {}
        """));
    assertThat(cfg.warnings()).map(Object::toString).containsExactly(
        "relay.yaml:17: service.telemetry.metrics.level: Relay always records its own metrics and serves them at the"
            + " admin server's /metrics; turn that off with service.admin.endpoint: none",
        "relay.yaml:18: service.telemetry.metrics.address: Relay serves its own metrics only at the admin server's"
            + " /metrics (http://0.0.0.0:8888/metrics), not on localhost:9999; set service.admin.endpoint to serve"
            + " them there",
        "relay.yaml:22: service.telemetry.metrics.readers[0].pull.exporter.prometheus: Relay serves its own metrics"
            + " only at the admin server's /metrics (http://0.0.0.0:8888/metrics), not on localhost:8889; set"
            + " service.admin.endpoint to serve them there",
        "relay.yaml:25: service.telemetry.metrics.readers[1].periodic: Relay does not push its own metrics; scrape"
            + " them from the admin server's /metrics (http://0.0.0.0:8888/metrics)",
        "relay.yaml:31: service.telemetry.metrics.readers[2].pull.exporter: Relay serves its own metrics only as"
            + " Prometheus text at the admin server's /metrics (http://0.0.0.0:8888/metrics)");
  }

  @Test
  void badValuesAndUnknownKeysAreFaults() {
    assertThat(faults(config("""
        logs:
          level: verbose
          encoding: logfmt
          sampling:
            initial: 10
        metrics:
          address: nowhere
          readers:
            - {}
        traces:
          processors: []
        """))).containsExactly(
        "relay.yaml:17: service.telemetry.logs.level: 'verbose' is not one of debug, info, warn, error",
        "relay.yaml:18: service.telemetry.logs.encoding: 'logfmt' is not one of console, json",
        "relay.yaml:19: service.telemetry.logs.sampling: unknown key 'sampling' (known keys here: encoding,"
            + " initial_fields, level, processors)",
        "relay.yaml:22: service.telemetry.metrics.address: 'nowhere' is not a host:port endpoint (e.g. 0.0.0.0:8888)",
        "relay.yaml:24: service.telemetry.metrics.readers[0]: a reader needs 'pull' or 'periodic'",
        "relay.yaml:25: service.telemetry.traces: unknown key 'traces' (known keys here: logs, metrics, resource)");
  }

  @Test
  void resourceAttributesTagEveryMeter() throws Exception {
    ServiceTelemetry t = parse(config("""
        resource:
          service.name: relay-sidecar
          service.instance.id: a1
        """)).telemetry();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    t.applyTo(registry);
    Counter.builder("relay.test.things").tag("exporter", "debug").register(registry).increment();
    assertThat(registry.scrape()).contains(
        "relay_test_things_total{exporter=\"debug\",service_instance_id=\"a1\",service_name=\"relay-sidecar\"} 1.0");
  }

  /** The OpenTelemetry demo's file exports the Collector's own logs; Relay only writes them, and says so. */
  @Test
  void logProcessorsAreAcceptedWithAWarning() throws Exception {
    var cfg = parse(config("""
        logs:
          processors:
            - batch:
                exporter:
                  otlp:
                    protocol: http/protobuf
                    endpoint: http://collector:4318
        """));
    assertThat(cfg.warnings()).containsExactly("relay.yaml:17: service.telemetry.logs.processors: Relay does not"
        + " export its own logs: it writes them to stderr, where a log collector can read them (encoding: json gives"
        + " one JSON object per line)");
  }
}
