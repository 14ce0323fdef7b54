package dev.relay.receiver.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.Consumers;
import dev.relay.consumer.RequestContext;
import dev.relay.otlp.OtlpGrpcMethods;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pipeline sees a gRPC call's deadline as the {@link RequestContext}, and only during the call. */
class OtlpGrpcRequestContextTest {
  private static final byte[] REQUEST = ExportTraceServiceRequest.newBuilder()
      .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder()
          .addSpans(Span.newBuilder().setName("s")
              .setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8])))))
      .build().toByteArray();

  private final List<Long> timeLeft = new CopyOnWriteArrayList<>();
  private final List<Boolean> cancelled = new CopyOnWriteArrayList<>();
  private OtlpGrpcReceiver receiver;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (receiver != null) {
      receiver.shutdown(Duration.ofSeconds(2));
    }
  }

  @Test
  void theCallersDeadlineReachesThePipeline() throws Exception {
    Consumers next = new Consumers(batch -> {
      RequestContext context = RequestContext.current();
      timeLeft.add(context.timeLeftNanos());
      cancelled.add(context.isCancelled());
    }, null, null);
    receiver = new OtlpGrpcReceiver(ComponentId.parse("otlp"), new OtlpGrpcConfig("127.0.0.1", 0, 4 * 1024 * 1024, 0),
        next, new TelemetrySettings(new SimpleMeterRegistry()));
    receiver.start();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", receiver.port()).usePlaintext().build();

    ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), REQUEST);
    ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT, REQUEST);

    assertThat(timeLeft).hasSize(2);
    assertThat(timeLeft.get(0)).isBetween(1L, TimeUnit.SECONDS.toNanos(10));
    assertThat(timeLeft.get(1)).isEqualTo(Long.MAX_VALUE);
    assertThat(cancelled).containsExactly(false, false);
  }
}
