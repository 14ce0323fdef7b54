package dev.relay.e2e;

import static dev.relay.testing.KeyValues.kv;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.Await;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestLogs;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code probabilistic_sampler} and {@code resourcedetection} configured as for the Collector, end to end: real
 * requests over OTLP/gRPC (the SDK where trace ids need not be chosen), the Tempo stand-in sees the documented
 * result.
 */
class CollectorProcessorsIT {
  private static ByteString id(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  private static Span.Builder span(String name, String traceIdHex) {
    return TestTraces.span(name).setTraceId(id(traceIdHex)).setSpanId(id("00000000fefefefe"));
  }

  private static void send(int port, byte[] traces, byte[] logs) {
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      if (traces != null) {
        ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT, traces);
      }
      if (logs != null) {
        ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.LOGS_EXPORT, CallOptions.DEFAULT, logs);
      }
    } finally {
      channel.shutdownNow();
    }
  }

  private static Map<String, String> strings(List<KeyValue> attributes) {
    return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
  }

  /** The decisions of TracesSamplerTest's table (seed 22, 15.3%: h < 2506 is kept), through a running relay. */
  @Test
  void theSamplerKeepsWhatTheCollectorKeeps() throws Exception {
    try (TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(new TestConfig()
            .otlpReceiver()
            .processor("probabilistic_sampler", """
                sampling_percentage: 15.3
                hash_seed: 22
                """)
            .processor("probabilistic_sampler/logs", """
                sampling_percentage: 50
                attribute_source: record
                from_attribute: rid
                """)
            .otlpExporter("otlp", tempo)
            .pipeline("traces", List.of("otlp"), List.of("probabilistic_sampler"), List.of("otlp"))
            .pipeline("logs", List.of("otlp"), List.of("probabilistic_sampler/logs"), List.of("otlp")))) {
      byte[] traces = TestTraces.request(
          span("a", "0af7651916cd43dd8448eb211c80319c"),            // h = 414: kept
          span("b", "5b8efff798038103d269b633813fc60c"),            // h = 3273: dropped
          span("c", "000000000000000000000000000027b7"),            // h = 2505: kept
          span("d", "00000000000000000000000000000c8b")             // h = 2506: dropped
              .setTraceState("congo=t61rcWkgMzE"),
          span("e", "00000000000000000000000000000c8b")             // dropped by the hash, kept by priority
              .addAttributes(kv("sampling.priority", 1))).toByteArray();
      byte[] logs = TestLogs.request(TestLogs.record("r1", kv("rid", "r1")), TestLogs.record("r4", kv("rid", "r4")),
          TestLogs.record("r5", kv("rid", "r5"))).toByteArray();
      send(relay.grpcPort("otlp"), traces, logs);

      Await.until(Duration.ofSeconds(20), "the kept spans and records",
          () -> tempo.spanCount() == 3 && tempo.logRecords().size() == 2);
      assertThat(tempo.spans()).extracting(Span::getName, Span::getTraceState).containsExactly(
          org.assertj.core.groups.Tuple.tuple("a", "ot=rv:f984040d03019e;th:d8d8"),
          org.assertj.core.groups.Tuple.tuple("c", "ot=rv:d8d803e4f909c9;th:d8d8"),
          org.assertj.core.groups.Tuple.tuple("e", "ot=rv:d8d41acab309ca;th:0"));
      assertThat(tempo.logRecords()).extracting(LogRecord::getEventName).containsExactly("r4", "r5");
      assertThat(strings(tempo.logRecords().get(0).getAttributesList())).isEqualTo(
          Map.of("rid", "r4", "sampling.randomness", "88f02619841dc3", "sampling.threshold", "8"));
      assertThat(relay.counter("relay.processor.probabilistic_sampler.count.traces.sampled", "policy",
          "trace_id_hash", "sampled", "false")).isEqualTo(2);
      assertThat(relay.counter("relay.processor.probabilistic_sampler.count.logs.sampled", "policy", "rid",
          "sampled", "true")).isEqualTo(2);
    }
  }

  @Test
  void resourceDetectionAddsTheEnvironmentAndTheHost() throws Exception {
    Map<String, String> env = Map.of("OTEL_RESOURCE_ATTRIBUTES",
        "deployment.environment=prod,service.name=from-env,team=a%2Cb");
    try (TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(new TestConfig()
            .otlpReceiver()
            .processor("resourcedetection", """
                detectors: [env, system]
                override: false
                system:
                  hostname_sources: [os]
                """)
            .processor("resourcedetection/override", """
                detectors: [env]
                """)
            .otlpExporter("otlp", tempo)
            .pipeline("traces", List.of("otlp"), List.of("resourcedetection"), List.of("otlp"))
            .pipeline("logs", List.of("otlp"), List.of("resourcedetection/override"), List.of("otlp")), env);
        Sdk sdk = new Sdk(relay.grpcPort("otlp"),
            Attributes.of(AttributeKey.stringKey("service.name"), "checkout"))) {
      sdk.tracer().spanBuilder("work").startSpan().end();
      sdk.flush();
      send(relay.grpcPort("otlp"), null, TestLogs.request(TestLogs.resource(List.of(kv("service.name", "shop")),
          TestLogs.scope(TestLogs.record("hello")))).toByteArray());

      Await.until(Duration.ofSeconds(20), "the span and the record",
          () -> tempo.spanCount() == 1 && tempo.logRecords().size() == 1);
      Map<String, String> spanResource = strings(tempo.requests().get(0).getResourceSpans(0).getResource()
          .getAttributesList().stream().filter(kv -> kv.getValue().hasStringValue()).toList());
      String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
      assertThat(spanResource).containsEntry("service.name", "checkout") // override: false keeps the SDK's
          .containsEntry("deployment.environment", "prod").containsEntry("team", "a,b")
          .containsEntry("host.name", hostname)
          .containsEntry("os.type", System.getProperty("os.name").toLowerCase().startsWith("linux") ? "linux"
              : spanResource.get("os.type"));
      Map<String, String> logResource = strings(tempo.logRequests().get(0).getResourceLogs(0).getResource()
          .getAttributesList());
      assertThat(logResource).isEqualTo(
          Map.of("service.name", "from-env", "deployment.environment", "prod", "team", "a,b"));
    }
  }
}
