package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.CodedOutputStream;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.Await;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The receiver's per-item limits: a span with 1.2 million attributes is cut to 128 (or refused), never indexed. */
class ItemLimitsIT {
  private TempoStub tempo;
  private TestRelay relay;

  @AfterEach
  void stop() {
    if (relay != null) {
      relay.close();
    }
    tempo.close();
  }

  private void start(String limits) throws Exception {
    tempo = TempoStub.start();
    relay = TestRelay.start(new TestConfig()
        .receiver("otlp", """
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
                max_recv_msg_size_mib: 32
              http:
                endpoint: 127.0.0.1:0
            """ + limits)
        .otlpExporter("otlp", tempo)
        .pipeline("traces", List.of("otlp"), List.of("otlp")));
  }

  /** One span with {@code n} attributes {@code k=""}, written straight as bytes (5 bytes an attribute). */
  private static byte[] spanWithAttributes(String name, int n) throws Exception {
    ByteArrayOutputStream span = new ByteArrayOutputStream();
    TestTraces.spanWithIds(name).build().writeTo(span);
    byte[] attribute = {0x4a, 0x03, 0x0a, 0x01, 'k'}; // field 9 (attributes): KeyValue{key: "k"}
    for (int i = 0; i < n; i++) {
      span.write(attribute);
    }
    return wrap(1, wrap(2, wrap(2, span.toByteArray()))); // request.resource_spans.scope_spans.spans
  }

  private static byte[] wrap(int field, byte[] body) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 8);
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    c.writeByteArray(field, body);
    c.flush();
    return out.toByteArray();
  }

  @Test
  void aSpanWithAMillionAttributesIsCutToTheLimitAndCounted() throws Exception {
    start("");
    byte[] body = spanWithAttributes("huge", 1_200_000);
    HttpResponse<byte[]> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + relay.httpPort("otlp") + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(res.statusCode()).isEqualTo(200);
    Await.until(Duration.ofSeconds(20), "the span at Tempo", () -> tempo.spanCount() == 1);
    Span span = tempo.spans().get(0);
    assertThat(span.getName()).isEqualTo("huge");
    assertThat(span.getAttributesCount()).isEqualTo(128);
    assertThat(span.getDroppedAttributesCount()).isEqualTo(1_200_000 - 128);
    assertThat(relay.counter("relay.receiver.limited.items", "action", "truncate")).isEqualTo(1);
    assertThat(relay.counter("relay.receiver.accepted.spans")).isEqualTo(1);
  }

  @Test
  void withActionRefuseTheRequestIsInvalidArgumentWithTheReason() throws Exception {
    start("""
        limits:
          attribute_count: 10
          action: refuse
        """);
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", relay.grpcPort("otlp")).usePlaintext()
        .build();
    try {
      byte[] body = spanWithAttributes("wide", 11);
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> ClientCalls
          .blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT.withDeadlineAfter(10,
              TimeUnit.SECONDS), body));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription())
          .isEqualTo("refused: a span has 11 attributes, more than max_attributes_per_item (10) (the receiver's"
              + " limits)");
      ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT, spanWithAttributes(
          "narrow", 10));
      Await.until(Duration.ofSeconds(10), "the narrow span at Tempo", () -> tempo.spanCount() == 1);
      assertThat(tempo.spans().get(0).getName()).isEqualTo("narrow");
      assertThat(relay.counter("relay.receiver.limited.items", "action", "refuse")).isEqualTo(1);
      assertThat(relay.counter("relay.receiver.refused.spans")).isEqualTo(1);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
