package dev.relay.app;

import dev.relay.testing.FreePorts;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The packaged relay at the image's heap ({@code -Xmx64m}, the launcher's other flags) receiving OTLP over gRPC and
 * HTTP on free loopback ports, exporting traces to {@code tempo}, with its admin server: what the hostile-client
 * process tests attack.
 */
record OtlpRelayProcess(RelayProcess process, int grpcPort, int httpPort, int adminPort) implements AutoCloseable {
  static OtlpRelayProcess start(Path dir, TempoStub tempo) throws IOException {
    return start(dir, tempo, Settings.SHIPPED);
  }

  /**
   * More settings under {@code protocols.grpc}, {@code protocols.http} and {@code service.admin} (YAML lines, "" for
   * none), and the Redis that {@code /activity/stream} reads, every stream allowed (null: none). The attack tests
   * shorten timeouts with them, so that what a timeout does is seen in seconds; the JVM and its flags stay as
   * shipped.
   */
  record Settings(String grpc, String http, String admin, TestRedis activityRedis) {
    static final Settings SHIPPED = new Settings("", "", "", null);
  }

  static OtlpRelayProcess start(Path dir, TempoStub tempo, Settings settings) throws IOException {
    int grpc = FreePorts.next();
    int http = FreePorts.next();
    int admin = FreePorts.next();
    Path config = dir.resolve("relay.yaml");
    String activity = settings.activityRedis() == null ? "" : """
        activity:
          redis:
            endpoint: %s
          allow:
            - stream: "*"
        """.formatted(settings.activityRedis().uri());
    Files.writeString(config, new TestConfig()
        .receiver("otlp", """
            protocols:
              grpc:
                endpoint: 127.0.0.1:%d
            %s  http:
                endpoint: 127.0.0.1:%d
            %s""".formatted(grpc, TestConfig.indent(settings.grpc(), 4), http,
            TestConfig.indent(settings.http(), 4)))
        .otlpExporter("otlp/tempo", tempo)
        .service("""
            admin:
              endpoint: 127.0.0.1:%d
            %s""".formatted(admin, TestConfig.indent(settings.admin() + activity, 2)))
        .pipeline("traces", List.of("otlp"), List.of("otlp/tempo"))
        .yaml());
    RelayProcess relay =
        RelayProcess.start(dir.resolve("relay.log"), "64m", Map.of(), "run", "--config", config.toString());
    relay.awaitStarted();
    return new OtlpRelayProcess(relay, grpc, http, admin);
  }

  double metric(String name) {
    return RelayProcess.metric(adminPort, name);
  }

  /** Heap in use, over all heap pools, as /metrics reports it. */
  double heapUsed() {
    return RelayProcess.metric(adminPort, "jvm_memory_used_bytes", "area=\"heap\"");
  }

  /** The heap's limit, over all heap pools, as /metrics reports it. */
  double heapMax() {
    return RelayProcess.metric(adminPort, "jvm_memory_max_bytes", "area=\"heap\"");
  }

  /** The status of {@code GET /healthz} on a fresh connection; -1 when it cannot be read. */
  int healthz() {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", adminPort)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String head = new String(s.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
      return head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  boolean alive() {
    return process.process().isAlive();
  }

  String output() {
    return process.output();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
