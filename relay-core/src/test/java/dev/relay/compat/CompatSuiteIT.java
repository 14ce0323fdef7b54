package dev.relay.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.Await;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestLogs;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.ClientCalls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each config of the compatibility suite that carries traces runs unchanged, and a span sent to it reaches the Tempo
 * stand-in: only addresses are changed, with {@code --set} as a user would ({@code relay run --config FILE --set
 * ...}): the receiver's protocols to free loopback ports, the backend exporter's endpoint to the stand-in. A config
 * whose traces only go to {@code debug} or {@code logging} gets an {@code otlp/compat} exporter to the stand-in the
 * same way, beside the exporters the file lists.
 */
class CompatSuiteIT {
  static List<CompatConfigs.Case> tracing() {
    return CompatConfigs.VALIDATING.stream().filter(CompatConfigs.Case::traces).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tracing")
  void aSpanGoesThroughToTempo(CompatConfigs.Case c) throws Exception {
    try (TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(List.of(c.file()), sets(c, tempo), Map.of())) {
      if (c.protocols().contains("grpc")) {
        try (Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
          sdk.tracer().spanBuilder("compat-" + c.name()).startSpan().end();
          sdk.flush();
        }
      } else {
        postOverHttp(relay.httpPort("otlp"), "compat-" + c.name());
      }
      Await.until(Duration.ofSeconds(20), "the span at Tempo", () -> tempo.spanCount() == 1);
      assertThat(tempo.spans().get(0).getName()).isEqualTo("compat-" + c.name());
      assertThat(relay.counter("relay.receiver.accepted.spans")).isEqualTo(1);
      c.backendHeaders().forEach((k, v) -> assertThat(tempo.headers().get(0)
          .get(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER))).as(k).isEqualTo(v));
      relay.shutdown();
      assertThat(tempo.spanCount()).as("nothing sent twice").isEqualTo(1);
    }
  }

  static List<String> logsOnly() {
    return CompatConfigs.LOGS_ONLY.keySet().stream().sorted().toList();
  }

  /** A config whose only pipeline is logs runs the same way, and a log record sent over gRPC reaches the stand-in. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("logsOnly")
  void aLogRecordGoesThroughToTheBackend(String name) throws Exception {
    List<String> exporters = new ArrayList<>(CompatConfigs.LOGS_ONLY.get(name));
    exporters.add("otlp/compat");
    try (TempoStub backend = TempoStub.start();
        TestRelay relay = TestRelay.start(List.of(CompatConfigs.DIR.resolve(name + ".yaml")), List.of(
            "receivers.otlp.protocols.grpc.endpoint=127.0.0.1:0",
            "exporters.otlp/compat.endpoint=http://" + backend.endpoint(),
            "service.pipelines.logs.exporters=[" + String.join(", ", exporters) + "]"), Map.of())) {
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", relay.grpcPort("otlp")).usePlaintext()
          .build();
      try {
        ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.LOGS_EXPORT,
            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
            TestLogs.request(TestLogs.record("compat-" + name)).toByteArray());
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      Await.until(Duration.ofSeconds(20), "the log record at the backend", () -> backend.logRecords().size() == 1);
      assertThat(backend.logRecords().get(0).getEventName()).isEqualTo("compat-" + name);
      assertThat(relay.counter("relay.receiver.accepted.log.records")).isEqualTo(1);
    }
  }

  private static List<String> sets(CompatConfigs.Case c, TempoStub tempo) {
    List<String> sets = new ArrayList<>();
    c.protocols().forEach(p -> sets.add("receivers.otlp.protocols." + p + ".endpoint=127.0.0.1:0"));
    if (c.backend() != null) {
      sets.add("exporters." + c.backend() + ".endpoint=http://" + tempo.endpoint());
    } else {
      sets.add("exporters.otlp/compat.endpoint=http://" + tempo.endpoint());
      List<String> exporters = new ArrayList<>(c.tracesExporters());
      exporters.add("otlp/compat");
      sets.add("service.pipelines.traces.exporters=[" + String.join(", ", exporters) + "]");
    }
    return sets;
  }

  private static void postOverHttp(int port, String spanName) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf").timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(TestTraces.request(spanName).toByteArray())).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(res.statusCode()).isEqualTo(200);
  }
}
