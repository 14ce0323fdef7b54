package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Malformed and oversized requests get the right status, and the relay keeps serving. */
class ReceiverBadInputIT {
  private TempoStub tempo;
  private TestRelay relay;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    tempo = TempoStub.start();
    relay = TestRelay.start(new TestConfig()
        .receiver("otlp", """
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
                max_recv_msg_size_mib: 1
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
  }

  private void export(byte[] body) {
    ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), body);
  }

  private static byte[] validRequest(String spanName) {
    return TestTraces.request(TestTraces.spanWithIds(spanName)).toByteArray();
  }

  @Test
  void malformedProtobufIsInvalidArgument() {
    byte[][] bodies = {
        {(byte) 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x0f}, // length past the end
        {(byte) 0x0a, 0x05, 0x01, 0x02}, // truncated nested message
        {(byte) 0xff}, // truncated varint tag
        {0x0b}, // start-group with no end
    };
    for (byte[] body : bodies) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> export(body));
      assertThat(e).as("response to %s", Arrays.toString(body)).isNotNull();
      assertThat(e.getStatus().getCode()).as("status for %s", Arrays.toString(body))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      byte[] body = new byte[1 + random.nextInt(300)];
      random.nextBytes(body);
      try {
        export(body);
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      }
    }
    export(validRequest("after-garbage"));
    Await.until(Duration.ofSeconds(10), "the valid span at Tempo",
        () -> tempo.spans().stream().anyMatch(s -> s.getName().equals("after-garbage")));
  }

  @Test
  void oversizedRequestIsResourceExhausted() {
    byte[] big = TestTraces.request("x".repeat(2 * 1024 * 1024)).toByteArray();
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> export(big));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);

    export(validRequest("after-big"));
    Await.until(Duration.ofSeconds(10), "the valid span at Tempo",
        () -> tempo.spans().stream().anyMatch(s -> s.getName().equals("after-big")));
    assertThat(tempo.spanCount()).isEqualTo(1);
  }

  @Test
  void emptyRequestIsAccepted() {
    export(new byte[0]);
    assertThat(relay.counter("relay.receiver.refused.requests")).isZero();
  }
}
