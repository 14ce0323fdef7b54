package dev.relay.app;

import dev.relay.testing.FreePorts;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
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
    int grpc = FreePorts.next();
    int http = FreePorts.next();
    int admin = FreePorts.next();
    Path config = dir.resolve("relay.yaml");
    Files.writeString(config, new TestConfig()
        .receiver("otlp", """
            protocols:
              grpc:
                endpoint: 127.0.0.1:%d
              http:
                endpoint: 127.0.0.1:%d
            """.formatted(grpc, http))
        .otlpExporter("otlp/tempo", tempo)
        .admin("127.0.0.1:" + admin)
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
