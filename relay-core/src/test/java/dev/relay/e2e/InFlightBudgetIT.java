package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.RetryInfo;
import dev.relay.component.InFlightBudget;
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
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The receivers' shared in-flight budget (here 1 MiB): a request that would pass it is refused before it is kept,
 * retryably (503 with Retry-After, UNAVAILABLE with RetryInfo), and counted; once the holder is gone, requests pass.
 */
class InFlightBudgetIT {
  private static final long BUDGET = 1024 * 1024;
  private final HttpClient http = HttpClient.newHttpClient();
  private TempoStub tempo;
  private TestRelay relay;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    InFlightBudget.process().resize(BUDGET);
    tempo = TempoStub.start();
    relay = TestRelay.start(new TestConfig()
        .receiver("otlp", """
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
              http:
                endpoint: 127.0.0.1:0
            """)
        .otlpExporter("otlp", tempo)
        .pipeline("traces", List.of("otlp"), List.of("otlp")));
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", relay.grpcPort("otlp")).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    relay.close();
    tempo.close();
    InFlightBudget.process().resize(InFlightBudget.defaultBytes());
  }

  private HttpResponse<byte[]> post(byte[] body, boolean gzip) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.httpPort("otlp")
        + "/v1/traces")).header("Content-Type", "application/x-protobuf");
    if (gzip) {
      b.header("Content-Encoding", "gzip");
    }
    return http.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A request of about {@code bytes}: one span with a long attribute. */
  private static byte[] sized(String name, int bytes) {
    return TestTraces.request(TestTraces.spanWithIds(name).addAttributes(io.opentelemetry.proto.common.v1.KeyValue
        .newBuilder().setKey("pad").setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder()
            .setStringValue("x".repeat(bytes))))).toByteArray();
  }

  @Test
  void aStalledBodyHoldsWhatItSentAndOthersAreRefusedRetryablyUntilItIsGone() throws Exception {
    try (Socket stalled = new Socket("127.0.0.1", relay.httpPort("otlp"))) {
      OutputStream out = stalled.getOutputStream();
      out.write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
          + "Content-Length: 4000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[900 * 1024]);
      out.flush();
      Await.until(Duration.ofSeconds(10), "the stalled body held",
          () -> InFlightBudget.process().used() == 900 * 1024);

      HttpResponse<byte[]> refused = post(sized("refused-http", 200 * 1024), false);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(com.google.rpc.Status.parseFrom(refused.body()).getMessage()).isEqualTo("the relay has too much"
          + " request data in flight (its budget is 1048576 bytes); retry later");

      // gRPC shares the budget: UNAVAILABLE, with RetryInfo saying when.
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> ClientCalls
          .blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT, sized("refused-grpc",
              200 * 1024)));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      RetryInfo retry = StatusProto.fromThrowable(e).getDetails(0).unpack(RetryInfo.class);
      assertThat(retry.getRetryDelay().getSeconds()).isEqualTo(1);

      // A small request still fits beside it.
      assertThat(post(sized("small", 1024), false).statusCode()).isEqualTo(200);
    }
    Await.until(Duration.ofSeconds(10), "the stalled body's budget given back",
        () -> InFlightBudget.process().used() == 0);
    assertThat(post(sized("after-http", 200 * 1024), false).statusCode()).isEqualTo(200);
    ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT,
        sized("after-grpc", 200 * 1024));
    Await.until(Duration.ofSeconds(10), "three spans at Tempo", () -> tempo.spanCount() == 3);
    assertThat(tempo.spans().stream().map(s -> s.getName()).sorted().toList())
        .containsExactly("after-grpc", "after-http", "small");
    assertThat(relay.counter("relay.receiver.refused.requests")).isEqualTo(2);
  }

  @Test
  void twoGzipBombsAtOnceAreStoppedAtTheBudgetWhileInflating() throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(compressed)) {
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < 64; i++) {
        z.write(zeros); // 64 MiB of zeros: 64 KiB compressed
      }
    }
    byte[] bomb = compressed.toByteArray();
    var first = http.sendAsync(bombRequest(bomb), HttpResponse.BodyHandlers.ofString());
    var second = http.sendAsync(bombRequest(bomb), HttpResponse.BodyHandlers.ofString());
    for (HttpResponse<String> res : List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS))) {
      assertThat(res.statusCode()).isEqualTo(503);
      assertThat(res.headers().firstValue("Retry-After")).hasValue("1");
    }
    Await.until(Duration.ofSeconds(10), "the budget given back", () -> InFlightBudget.process().used() == 0);
    assertThat(post(sized("after-bombs", 1024), false).statusCode()).isEqualTo(200);
  }

  private HttpRequest bombRequest(byte[] bomb) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.httpPort("otlp") + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bomb)).build();
  }
}
