package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.relay.testing.Await;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The otlp exporter against the Tempo stand-in: headers, retries by OTLP's rules, Tempo down and back. */
class TempoExportIT {
  private TempoStub tempo;
  private TestRelay relay;
  private Sdk sdk;

  @AfterEach
  void stop() {
    if (sdk != null) {
      sdk.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (tempo != null) {
      tempo.close();
    }
  }

  private void startRelay(String compression) throws Exception {
    relay = TestRelay.start(new TestConfig()
        .otlpReceiver()
        .otlpExporter("otlp/tempo", tempo, """
            headers:
              X-Scope-OrgID: tenant-a
            compression: %s
            timeout: 2s
            retry_on_failure:
              initial_interval: 20ms
              max_interval: 100ms
              max_elapsed_time: 0
            """.formatted(compression))
        .pipeline("traces", List.of("otlp"), List.of("otlp/tempo")));
    sdk = new Sdk(relay.grpcPort("otlp"));
  }

  private void send(int n, String prefix) {
    for (int i = 0; i < n; i++) {
      Span s = sdk.tracer().spanBuilder(prefix + i).startSpan();
      s.end();
    }
    sdk.flush();
  }

  @Test
  void sendsTenantHeaderAndGzip() throws Exception {
    tempo = TempoStub.start();
    startRelay("gzip");
    send(3, "h");
    Await.until(Duration.ofSeconds(10), "3 spans", () -> tempo.spanCount() == 3);
    Metadata md = tempo.headers().get(0);
    assertThat(md.get(Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("tenant-a");
    assertThat(md.get(Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("gzip");
  }

  @Test
  void retriesRetryableStatusesAndResourceExhaustedWithRetryInfo() throws Exception {
    tempo = TempoStub.start();
    startRelay("none");
    com.google.rpc.Status throttled = com.google.rpc.Status.newBuilder()
        .setCode(Code.RESOURCE_EXHAUSTED_VALUE).setMessage("rate limited")
        .addDetails(Any.pack(RetryInfo.newBuilder()
            .setRetryDelay(com.google.protobuf.Duration.newBuilder().setNanos(50_000_000)).build()))
        .build();
    tempo.failNext(
        () -> Status.UNAVAILABLE.asRuntimeException(),
        () -> StatusProto.toStatusRuntimeException(throttled),
        () -> Status.DEADLINE_EXCEEDED.asRuntimeException());
    send(10, "r");
    Await.until(Duration.ofSeconds(10), "10 spans", () -> tempo.spanCount() == 10);
    // Tempo has the spans a moment before the exporter has counted its answer.
    Await.until(Duration.ofSeconds(10), "10 spans counted as sent", () -> relay.counter("relay.exporter.sent.spans") == 10);
    assertThat(tempo.calls()).isGreaterThanOrEqualTo(4);
    assertThat(relay.counter("relay.exporter.retries")).isGreaterThanOrEqualTo(3);
    assertThat(relay.counter("relay.exporter.send.failed.spans")).isZero();
    assertThat(relay.counter("relay.exporter.sent.spans")).isEqualTo(10);
  }

  @Test
  void doesNotRetryPermanentErrorsOrResourceExhaustedWithoutRetryInfo() throws Exception {
    tempo = TempoStub.start();
    startRelay("none");
    tempo.failNext(() -> Status.INVALID_ARGUMENT.asRuntimeException());
    send(4, "p");
    Await.until(Duration.ofSeconds(10), "4 failed spans", () -> relay.counter("relay.exporter.send.failed.spans") == 4);
    tempo.failNext(() -> Status.RESOURCE_EXHAUSTED.asRuntimeException());
    send(2, "q");
    Await.until(Duration.ofSeconds(10), "6 failed spans", () -> relay.counter("relay.exporter.send.failed.spans") == 6);
    assertThat(tempo.calls()).isEqualTo(2);
    assertThat(relay.counter("relay.exporter.retries")).isZero();
    assertThat(tempo.spanCount()).isZero();
  }

  @Test
  void tempoDownForTenSecondsWhileTheSdkSends5000SpansLosesNone() throws Exception {
    tempo = TempoStub.start();
    startRelay("gzip");
    send(100, "before-");
    Await.until(Duration.ofSeconds(10), "100 spans", () -> tempo.spanCount() == 100);
    tempo.stopServer();
    long down = System.nanoTime();
    for (int round = 0; round < 50; round++) {
      send(100, "down" + round + "-");
    }
    long stillDown = Duration.ofSeconds(10).toNanos() - (System.nanoTime() - down);
    if (stillDown > 0) {
      Thread.sleep(stillDown / 1_000_000); // keeping Tempo down for the full 10 s, not synchronisation
    }
    tempo.startServer();
    Await.until(Duration.ofSeconds(30), "5,100 spans", () -> tempo.spanCount() == 5100);
    assertThat(tempo.spans()).extracting(s -> s.getName()).doesNotHaveDuplicates();
    assertThat(relay.counter("relay.exporter.send.failed.spans")).isZero();
  }

  @Test
  void tempoDownAtStartThenUpDeliversEverything() throws Exception {
    tempo = TempoStub.notStarted();
    startRelay("gzip");
    send(200, "d");
    Await.until(Duration.ofSeconds(10), "retries while Tempo is down",
        () -> relay.counter("relay.exporter.retries") >= 2);
    tempo.startServer();
    Await.until(Duration.ofSeconds(20), "200 spans", () -> tempo.spanCount() == 200);
    tempo.stopServer();
    send(100, "e");
    Await.until(Duration.ofSeconds(10), "more retries", () -> relay.counter("relay.exporter.retries") >= 4);
    tempo.startServer();
    Await.until(Duration.ofSeconds(20), "300 spans", () -> tempo.spanCount() == 300);
    assertThat(tempo.spans()).extracting(s -> s.getName()).doesNotHaveDuplicates();
  }
}
