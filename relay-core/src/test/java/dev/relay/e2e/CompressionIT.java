package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.compression.Compression;
import dev.relay.compression.GrpcCodecs;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.Await;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** zstd and gzip levels on the wire: to Tempo from the otlp exporter, and into the relay's gRPC receiver. */
class CompressionIT {
  private static final Metadata.Key<String> ENCODING =
      Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);
  private final TempoStub tempo = TempoStub.start();
  private TestRelay relay;

  @AfterEach
  void stop() {
    if (relay != null) {
      relay.close();
    }
    tempo.close();
  }

  private void startRelay(String compression) throws Exception {
    relay = TestRelay.start(new TestConfig()
        .otlpReceiver()
        .otlpExporter("otlp/tempo", tempo, compression)
        .pipeline("traces", List.of("otlp"), List.of("otlp/tempo")));
  }

  @Test
  void theExporterSendsZstdAtTheConfiguredLevel() throws Exception {
    startRelay("""
        compression: zstd
        compression_params:
          level: 1
        """);
    try (Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
      for (int i = 0; i < 5; i++) {
        Span s = sdk.tracer().spanBuilder("z" + i).startSpan();
        s.end();
      }
      sdk.flush();
    }
    Await.until(Duration.ofSeconds(10), "5 spans at Tempo", () -> tempo.spanCount() == 5);
    assertThat(tempo.headers()).allSatisfy(md -> assertThat(md.get(ENCODING)).isEqualTo("zstd"));
  }

  @Test
  void theReceiverTakesZstdFromACollectorsExporter() throws Exception {
    startRelay("compression: gzip\ncompression_params: {level: 9}\n");
    ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", relay.grpcPort("otlp")).usePlaintext()
        .compressorRegistry(GrpcCodecs.compressors(new Compression(Compression.Type.ZSTD, 3))).build();
    try {
      byte[] request = TestTraces.request("a", "b", "c").toByteArray();
      ClientCalls.blockingUnaryCall(ch, OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT.withCompression("zstd"),
          request);
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    Await.until(Duration.ofSeconds(10), "3 spans at Tempo", () -> tempo.spanCount() == 3);
    assertThat(tempo.spans()).extracting(s -> s.getName()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(tempo.headers().get(0).get(ENCODING)).isEqualTo("gzip");
  }
}
