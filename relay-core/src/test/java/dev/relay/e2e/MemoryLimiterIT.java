package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.Await;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * memory_limiter in a running relay. The JVM's real heap is measured, so the two cases are the ones that do not
 * depend on it: a limit far above anything a test uses, and a limit of 1 MiB, below any JVM's live heap.
 */
class MemoryLimiterIT {
  private static TestConfig config(String limit, TempoStub limited, TempoStub direct) {
    return new TestConfig()
        .otlpReceiver()
        .processor("memory_limiter", """
            check_interval: 100ms
            limit_mib: %s
            """.formatted(limit))
        .otlpExporter("otlp/limited", limited)
        .otlpExporter("otlp/direct", direct)
        .pipeline("traces/limited", List.of("otlp"), List.of("memory_limiter"), List.of("otlp/limited"))
        .pipeline("traces/direct", List.of("otlp"), List.of("otlp/direct"));
  }

  private static double gauge(TestRelay relay) {
    return relay.meters().get("relay.processor.memory_limiter.refusing").tag("processor", "memory_limiter").gauge()
        .value();
  }

  @Test
  void belowTheLimitSpansReachTempoUnchanged() throws Exception {
    try (TempoStub limited = TempoStub.start(); TempoStub direct = TempoStub.start();
        TestRelay relay = TestRelay.start(config("1048576", limited, direct));
        Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
      var tracer = sdk.tracer();
      for (int i = 0; i < 20; i++) {
        tracer.spanBuilder("op-" + i).setAttribute("i", i).startSpan().end();
      }
      sdk.flush();
      Await.until(Duration.ofSeconds(20), "both pipelines",
          () -> limited.spanCount() == 20 && direct.spanCount() == 20);
      assertThat(limited.requests()).isEqualTo(direct.requests());
      assertThat(relay.counter("relay.processor.memory_limiter.refused.spans")).isZero();
      assertThat(gauge(relay)).isZero();
    }
  }

  @Test
  void aboveTheLimitTheClientGetsUnavailableAndNothingReachesTempo() throws Exception {
    try (TempoStub limited = TempoStub.start(); TempoStub direct = TempoStub.start();
        TestRelay relay = TestRelay.start(config("1", limited, direct))) {
      int port = relay.grpcPort("otlp");
      assertThat(gauge(relay)).isEqualTo(1); // measured once in start(): refusing from the first request

      // The real SDK, retries off so that each span is sent exactly once.
      OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + port)
          .setTimeout(Duration.ofSeconds(10)).setRetryPolicy(null).build();
      SdkTracerProvider provider = SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
      try {
        var tracer = provider.get("relay-test");
        for (int i = 0; i < 5; i++) {
          tracer.spanBuilder("refused-" + i).startSpan().end();
        }
        var flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
        assertThat(flushed.isSuccess()).isFalse();
      } finally {
        provider.shutdown().join(10, TimeUnit.SECONDS);
      }

      // A plain gRPC client sees the status itself.
      var channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      try {
        byte[] req = TestTraces.request("a", "b", "c").toByteArray();
        var e = catchThrowableOfType(StatusRuntimeException.class,
            () -> ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT, req));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.getStatus().getDescription()).isEqualTo("data refused due to high memory usage");
      } finally {
        channel.shutdownNow();
      }

      // The pipeline without the limiter got everything; the limited one nothing.
      Await.until(Duration.ofSeconds(20), "the direct pipeline", () -> direct.spanCount() == 8);
      assertThat(limited.calls()).isZero();
      assertThat(relay.counter("relay.processor.memory_limiter.refused.spans")).isEqualTo(8);
      assertThat(relay.counter("relay.receiver.refused.spans")).isEqualTo(8);
    }
  }
}
