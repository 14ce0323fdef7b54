package dev.relay.receiver.otlp;

import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static dev.relay.testing.ConfigFixture.receiver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.config.ConfigMap;
import dev.relay.config.Problems;
import dev.relay.config.YamlLoader;
import java.time.Duration;
import java.util.List;
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
  void otlpGrpcMaxConnectionsIsAtLeastOne() throws Exception {
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
    assertThat(defaults.grpcGuards().maxConnections())
        .isEqualTo(GrpcGuards.defaultMaxConnections(Runtime.getRuntime().maxMemory(), 100));
    String set = "\n          max_connections: %s";
    OtlpReceiverConfig two = receiver(parse(yaml.formatted(set.formatted("2")), Map.of()), "otlp");
    assertThat(two.grpcGuards().maxConnections()).isEqualTo(2);
    assertThat(faults(yaml.formatted(set.formatted("0")))).containsExactly(
        "relay.yaml:5: receivers.otlp.protocols.grpc.max_connections: must be between 1 and 1000000, found 0");
  }

  /** What the factory, sized for a heap of {@code heap} bytes, makes of {@code protocols.grpc} holding {@code body}. */
  private record Grpc(OtlpReceiverConfig config, List<String> faults, List<String> warnings) {
    static Grpc parse(long heap, String body) {
      Problems problems = new Problems("relay.yaml");
      ConfigMap root = new YamlLoader(k -> null).parse(
          "otlp:\n  protocols:\n    grpc:\n" + body.indent(6), problems);
      OtlpReceiverConfig config = new OtlpReceiverFactory(heap).parseConfig(root.map("otlp"));
      return new Grpc(config, problems.list().stream().map(Object::toString).toList(),
          problems.warnings().stream().map(Object::toString).toList());
    }

    static Grpc parseHttpOnly(long heap) {
      Problems problems = new Problems("relay.yaml");
      ConfigMap root = new YamlLoader(k -> null).parse("otlp:\n  protocols:\n    http:\n", problems);
      return new Grpc(new OtlpReceiverFactory(heap).parseConfig(root.map("otlp")), problems.list().stream()
          .map(Object::toString).toList(), problems.warnings().stream().map(Object::toString).toList());
    }

    int maxConnections() {
      return config.grpcGuards().maxConnections();
    }
  }

  private static final long MIB = 1024 * 1024;

  @Test
  void otlpGrpcMaxConnectionsDefaultsToWhatAQuarterOfTheHeapHoldsInCallsNobodyReads() {
    // 100 streams of 3 KiB held calls: 300 KiB a connection; a quarter of 64 MiB (16 MiB) holds 54 of them.
    assertThat(Grpc.parse(64 * MIB, "").maxConnections()).isEqualTo(54);
    assertThat(Grpc.parse(64 * MIB, "").warnings()).isEmpty();
    // The image's -Xmx64m -Xmn16m with the serial collector, as Runtime.maxMemory() reports it (a survivor less).
    assertThat(Grpc.parse(65_470_464, "").maxConnections()).isEqualTo(53);
    // Capped at the HTTP listener's 256 from a 300 MiB heap on; at least 16 on a small one.
    assertThat(Grpc.parse(200 * MIB, "").maxConnections()).isEqualTo(170);
    assertThat(Grpc.parse(300 * MIB, "").maxConnections()).isEqualTo(256);
    assertThat(Grpc.parse(4096 * MIB, "").maxConnections()).isEqualTo(256);
    assertThat(Grpc.parse(8 * MIB, "").maxConnections()).isEqualTo(16);
    // The default follows max_concurrent_streams: 16 MiB / (10 x 3 KiB) = 546, capped; / (200 x 3 KiB) = 27.
    assertThat(Grpc.parse(64 * MIB, "max_concurrent_streams: 10").maxConnections()).isEqualTo(256);
    assertThat(Grpc.parse(64 * MIB, "max_concurrent_streams: 200").maxConnections()).isEqualTo(27);
    assertThat(Grpc.parse(64 * MIB, "max_concurrent_streams: 200").warnings()).isEmpty();
    // No stream limit: the floor.
    assertThat(Grpc.parse(64 * MIB, "max_concurrent_streams: 0").maxConnections()).isEqualTo(16);
    // A receiver with HTTP only sizes its (unused) gRPC guards the same way.
    assertThat(Grpc.parseHttpOnly(64 * MIB).maxConnections()).isEqualTo(54);
  }

  @Test
  void aConfiguredPairThatCanHoldMoreThanHalfTheHeapIsKeptWithAWarning() {
    // 256 x 100 x 3 KiB = 75 MiB: more than half of 64 MiB.
    Grpc wide = Grpc.parse(64 * MIB, "max_connections: 256");
    assertThat(wide.maxConnections()).isEqualTo(256);
    assertThat(wide.faults()).isEmpty();
    assertThat(wide.warnings()).containsExactly("relay.yaml:4: otlp.protocols.grpc.max_connections: 256 connections"
        + " (max_connections) of 100 calls (max_concurrent_streams) whose clients never read the answers can hold"
        + " about 75 MiB of heap (about 3 KiB a call), more than half the heap (64 MiB); at this heap the default"
        + " max_connections is 54");
    // 100 x 100 x 3 KiB = 29.3 MiB: within half.
    assertThat(Grpc.parse(64 * MIB, "max_connections: 100").warnings()).isEmpty();
    // Streams set so high that even the floor's 16 connections can: the warning is at the key that was set.
    assertThat(Grpc.parse(64 * MIB, "max_concurrent_streams: 2000").warnings()).containsExactly(
        "relay.yaml:4: otlp.protocols.grpc.max_concurrent_streams: 16 connections (max_connections) of 2000 calls"
            + " (max_concurrent_streams) whose clients never read the answers can hold about 94 MiB of heap (about"
            + " 3 KiB a call), more than half the heap (64 MiB); at this heap the default max_connections is 16");
    assertThat(Grpc.parse(64 * MIB, "max_concurrent_streams: 0").warnings()).containsExactly(
        "relay.yaml:4: otlp.protocols.grpc.max_concurrent_streams: 16 connections (max_connections) with no limit"
            + " on their calls (max_concurrent_streams 0): clients that never read the answers can hold any amount"
            + " of heap; set max_concurrent_streams (default 100)");
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
