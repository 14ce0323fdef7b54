package dev.relay.receiver.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.ConsumeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a pipeline failure becomes over HTTP: permanent 400, retryable 503, anything unexpected 500. */
class OtlpHttpReceiverTest {
  private final Deque<Supplier<? extends Throwable>> failures = new ArrayDeque<>();
  private final List<byte[]> exported = new java.util.concurrent.CopyOnWriteArrayList<>();
  private OtlpHttpReceiver receiver;

  @AfterEach
  void stop() {
    receiver.shutdown(Duration.ofSeconds(2));
  }

  private OtlpHttpSignal signal() {
    return new OtlpHttpSignal() {
      @Override
      public String name() {
        return "traces";
      }

      @Override
      public Message.Builder newRequestBuilder() {
        return ExportTraceServiceRequest.newBuilder();
      }

      @Override
      public void export(byte[] protobuf) {
        Supplier<? extends Throwable> f = failures.poll();
        if (f != null) {
          Throwable t = f.get();
          if (t instanceof Error e) {
            throw e;
          }
          throw (RuntimeException) t;
        }
        exported.add(protobuf);
      }

      @Override
      public Message successResponse() {
        return ExportTraceServiceResponse.getDefaultInstance();
      }
    };
  }

  private HttpResponse<byte[]> post() throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0])).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void pipelineFailuresMapToStatusCodes() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    receiver = new OtlpHttpReceiver(ComponentId.parse("otlp"), new OtlpHttpConfig("127.0.0.1", 0, 1024,
        "/v1/traces", "/v1/logs", "/v1/metrics", OtlpHttpConfig.Cors.disabled(), Duration.ofSeconds(5),
        Duration.ofSeconds(5)), Map.of("traces", signal()), new TelemetrySettings(meters));
    receiver.start();
    failures.add(() -> ConsumeException.permanent("dropped for good"));
    failures.add(() -> ConsumeException.retryable("queue full"));
    failures.add(() -> new IllegalStateException("a bug"));

    HttpResponse<byte[]> res = post();
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(com.google.rpc.Status.parseFrom(res.body()).getMessage()).isEqualTo("dropped for good");
    res = post();
    assertThat(res.statusCode()).isEqualTo(503);
    assertThat(res.headers().firstValue("Retry-After")).hasValue("1");
    res = post();
    assertThat(res.statusCode()).isEqualTo(500);
    assertThat(com.google.rpc.Status.parseFrom(res.body()))
        .isEqualTo(com.google.rpc.Status.newBuilder().setCode(com.google.rpc.Code.INTERNAL_VALUE)
            .setMessage("relay failed to process the request").build());
    res = post();
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(exported).hasSize(1);
    assertThat(receiver.state()).isEqualTo("listening");
    assertThat(meters.find("relay.receiver.refused.requests").tag("transport", "http").counter().count()).isZero();
  }

  @Test
  void anErrorThePipelineThrowsClosesTheConnectionInsteadOfLeavingItUnanswered() throws Exception {
    receiver = new OtlpHttpReceiver(ComponentId.parse("otlp"), new OtlpHttpConfig("127.0.0.1", 0, 1024,
        "/v1/traces", "/v1/logs", "/v1/metrics", OtlpHttpConfig.Cors.disabled(), Duration.ofSeconds(5),
        Duration.ofSeconds(5)), Map.of("traces", signal()), new TelemetrySettings(new SimpleMeterRegistry()));
    receiver.start();
    failures.add(() -> new LinkageError("a class that failed to load"));
    // Closed at once (an IOException), not answered after the client's 10 s timeout (HttpTimeoutException).
    org.assertj.core.api.Assertions.assertThatThrownBy(this::post).isInstanceOf(java.io.IOException.class)
        .isNotInstanceOf(java.net.http.HttpTimeoutException.class);
    assertThat(post().statusCode()).isEqualTo(200);
    assertThat(exported).hasSize(1);
  }
}
