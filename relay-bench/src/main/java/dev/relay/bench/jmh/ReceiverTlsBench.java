package dev.relay.bench.jmh;

import dev.relay.auth.Authenticators;
import dev.relay.builtin.BuiltinComponents;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.YamlLoader;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.pipeline.PipelineGraph;
import dev.relay.receiver.otlp.OtlpReceiver;
import dev.relay.service.RelayConfig;
import dev.relay.service.RelayConfigLoader;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * OTLP/gRPC throughput into the {@code otlp} receiver in plaintext and over TLS (a 2048-bit RSA certificate made
 * with openssl, TLS 1.3), in one run, so the two figures are comparable: spans a second, 100-span requests from 4
 * client threads over one HTTP/2 connection, into a {@code debug} exporter that logs nothing. Client and relay
 * share the JVM, so the figure is the cost of both ends. Run: {@code bench/jmh.sh ReceiverTlsBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
@Threads(4)
@OperationsPerInvocation(100)
public class ReceiverTlsBench {
  @Param({"plaintext", "tls"})
  public String transport;

  private Path dir;
  private PipelineGraph graph;
  private ManagedChannel channel;
  private byte[] request;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    dir = Files.createTempDirectory("relay-tls-bench");
    boolean tls = transport.equals("tls");
    if (tls) {
      openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.crt",
          "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
    }
    String yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
                %s
        exporters:
          debug:
            sampling_initial: 0
            sampling_thereafter: 0
        service:
          pipelines:
            traces: {receivers: [otlp], exporters: [debug]}
        """.formatted(tls ? "tls: {cert_file: %s, key_file: %s}".formatted(dir.resolve("server.crt"),
        dir.resolve("server.key")) : "");
    RelayConfig config = new RelayConfigLoader(BuiltinComponents.all(), new YamlLoader(k -> null))
        .parse("bench.yaml", yaml);
    graph = PipelineGraph.build(config.graph(), new TelemetrySettings(new SimpleMeterRegistry(), Authenticators.none()));
    graph.start();
    int port = ((OtlpReceiver) graph.receiver(ComponentId.parse("otlp"))).grpcPort();
    NettyChannelBuilder b = NettyChannelBuilder.forAddress("localhost", port).maxInboundMessageSize(16 << 20);
    channel = tls
        ? b.sslContext(GrpcSslContexts.forClient().trustManager(new File(dir.resolve("server.crt").toString()))
            .build()).build()
        : b.usePlaintext().build();
    request = Fixtures.request(7).toByteArray();
  }

  private void openssl(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("openssl failed: " + cmd);
    }
  }

  @Benchmark
  public Object export() {
    return ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    graph.shutdown(Duration.ofSeconds(5));
  }
}
