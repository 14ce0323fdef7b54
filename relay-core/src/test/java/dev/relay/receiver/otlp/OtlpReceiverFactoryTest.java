package dev.relay.receiver.otlp;

import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static dev.relay.testing.ConfigFixture.receiver;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code otlp} receiver's settings: protocols.grpc and protocols.http. */
class OtlpReceiverFactoryTest {
  @Test
  void aReceiverWithoutProtocolsIsAFault() {
    String yaml = """
        receivers:
          otlp:
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [debug]
        """;
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:2: receivers.otlp.protocols: the otlp receiver needs at least one of protocols.grpc and"
            + " protocols.http");
  }

  @Test
  void otlpHttpFaultsNameTheKey() {
    String yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:4318
              http:
                endpoint: 127.0.0.1:4318
                max_request_body_size: 0
                traces_url_path: /v1/x?y
                read_timeout: soon
                cors:
                  allowed_origins: [https://a.example.com]
                  allowed_header: [X-Custom]
                  max_age: -1
          otlp/bad:
            protocols:
              http:
                endpoint: nope
                logs_url_path: /v1/metrics
                cors:
                  max_age: 60
              websocket:
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp, otlp/bad]
              exporters: [debug]
        """;
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:8: receivers.otlp.protocols.http.max_request_body_size: must be between 1 and 1073741824,"
            + " found 0",
        "relay.yaml:9: receivers.otlp.protocols.http.traces_url_path: '/v1/x?y' is not a URL path (no query,"
            + " fragment or spaces)",
        "relay.yaml:10: receivers.otlp.protocols.http.read_timeout: expected a duration such as 5s, 250ms or 1m30s,"
            + " found 'soon'",
        "relay.yaml:14: receivers.otlp.protocols.http.cors.max_age: must be between 0 and 2147483647, found -1",
        "relay.yaml:13: receivers.otlp.protocols.http.cors.allowed_header: unknown key 'allowed_header' (known keys"
            + " here: allowed_headers, allowed_origins, max_age)",
        "relay.yaml:7: receivers.otlp.protocols.http.endpoint: '127.0.0.1:4318' is also protocols.grpc.endpoint;"
            + " the two protocols need different ports (the defaults are 4317 and 4318)",
        "relay.yaml:19: receivers.otlp/bad.protocols.http.logs_url_path: '/v1/metrics' is also metrics_url_path",
        "relay.yaml:20: receivers.otlp/bad.protocols.http.cors: cors.allowed_headers and cors.max_age need"
            + " cors.allowed_origins (no origins: CORS is off)",
        "relay.yaml:18: receivers.otlp/bad.protocols.http.endpoint: 'nope' is not a host:port endpoint (e.g."
            + " 0.0.0.0:4318)",
        "relay.yaml:22: receivers.otlp/bad.protocols.websocket: unknown key 'websocket' (known keys here: grpc,"
            + " http)");
  }

  @Test
  void otlpHttpDefaultsAreTheCollectors() throws Exception {
    OtlpReceiverConfig otlp = receiver(parse("""
        receivers:
          otlp:
            protocols:
              http:
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [debug]
        """, Map.of()), "otlp");
    assertThat(otlp.grpc()).isNull();
    assertThat(otlp.http()).isEqualTo(new OtlpHttpConfig("localhost", 4318, 20L * 1024 * 1024,
        "/v1/traces", "/v1/logs", "/v1/metrics", OtlpHttpConfig.Cors.disabled(),
        Duration.ofMinutes(1), Duration.ofMinutes(1)));
  }

  @Test
  void otlpGrpcMaxConcurrentStreams() throws Exception {
    String yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
                max_concurrent_streams: %s
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [debug]
        """;
    OtlpReceiverConfig otlp = receiver(parse(yaml.formatted("16"), Map.of()), "otlp");
    assertThat(otlp.grpc()).isEqualTo(new OtlpGrpcConfig("localhost", 4317, 4 * 1024 * 1024, 16));
    assertThat(faults(yaml.formatted("-1"))).containsExactly(
        "relay.yaml:5: receivers.otlp.protocols.grpc.max_concurrent_streams: must be between 0 and 2147483647,"
            + " found -1");
  }

  @Test
  void otlpGrpcMaxConnectionsDefaultsToTheHttpListenersAndIsAtLeastOne() throws Exception {
    String yaml = """
        receivers:
          otlp:
            protocols:
              grpc:%s
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [debug]
        """;
    OtlpReceiverConfig defaults = receiver(parse(yaml.formatted(""), Map.of()), "otlp");
    assertThat(defaults.grpcGuards().maxConnections()).isEqualTo(256).isEqualTo(HttpGuards.DEFAULT_MAX_CONNECTIONS);
    String set = "\n          max_connections: %s";
    OtlpReceiverConfig two = receiver(parse(yaml.formatted(set.formatted("2")), Map.of()), "otlp");
    assertThat(two.grpcGuards().maxConnections()).isEqualTo(2);
    assertThat(faults(yaml.formatted(set.formatted("0")))).containsExactly(
        "relay.yaml:5: receivers.otlp.protocols.grpc.max_connections: must be between 1 and 1000000, found 0");
  }

  @Test
  void includeMetadataOnEitherProtocol() throws Exception {
    OtlpReceiverConfig otlp = receiver(parse("""
        receivers:
          otlp:
            protocols:
              grpc:
                include_metadata: true
              http:
                include_metadata: true
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [debug]
        """, Map.of()), "otlp");
    assertThat(otlp.grpc().includeMetadata()).isTrue();
    assertThat(otlp.http().includeMetadata()).isTrue();
    assertThat(faults("""
        receivers:
          otlp:
            protocols:
              grpc:
                include_metadata: maybe
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [debug]
        """)).hasSize(1).allMatch(f -> f.startsWith("relay.yaml:5: receivers.otlp.protocols.grpc.include_metadata:"));
  }
}
