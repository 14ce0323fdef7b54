package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sustained overload against a relay with a small fixed heap: a load far above what a slow Tempo takes. The relay
 * must refuse what it cannot hold (UNAVAILABLE, counted), never run out of memory, and deliver everything it
 * accepted.
 */
class OverloadProcessIT {
  private static final int SPANS_PER_REQUEST = 100;
  private static final Duration OVERLOAD = Duration.ofSeconds(15);

  @TempDir
  Path dir;

  private RelayProcess relay;

  @AfterEach
  void stop() throws Exception {
    if (relay != null) {
      relay.close();
    }
  }

  /** A request of {@link #SPANS_PER_REQUEST} spans named {@code o<n>-<i>}, each with a 1 KiB attribute. */
  private static byte[] request(long n, String filler) {
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    for (int i = 0; i < SPANS_PER_REQUEST; i++) {
      ss.addSpans(Span.newBuilder()
          .setTraceId(ByteString.copyFrom(ByteBuffer.allocate(16).putLong(n).putLong(i).array()))
          .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(n * SPANS_PER_REQUEST + i + 1).array()))
          .setName("o" + n + "-" + i)
          .setStartTimeUnixNano(1_000_000_000L)
          .setEndTimeUnixNano(2_000_000_000L)
          .addAttributes(KeyValue.newBuilder().setKey("payload")
              .setValue(AnyValue.newBuilder().setStringValue(filler))));
    }
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ss))
        .build().toByteArray();
  }

  @Test
  void sustainedOverloadAtAFixedHeapIsRefusedNeverFatalAndWhatWasAcceptedIsDelivered() throws Exception {
    int port = FreePorts.next();
    int admin = FreePorts.next();
    try (TempoStub tempo = TempoStub.start()) {
      tempo.delay(Duration.ofMillis(500));
      Path config = dir.resolve("relay.yaml");
      Files.writeString(config, new TestConfig()
          .otlpReceiver("127.0.0.1:" + port)
          .otlpExporter("otlp/tempo", tempo, """
              sending_queue:
                num_consumers: 2
              """)
          .admin("127.0.0.1:" + admin)
          .pipeline("traces", List.of("otlp"), List.of("otlp/tempo"))
          .yaml());
      relay = RelayProcess.start(dir.resolve("relay.log"), "128m", Map.of(), "run", "--config", config.toString());
      relay.awaitStarted();

      String filler = "x".repeat(1024);
      AtomicLong acceptedSpans = new AtomicLong();
      AtomicLong refusedSpans = new AtomicLong();
      Map<Status.Code, AtomicLong> otherFailures = new ConcurrentHashMap<>();
      Set<Long> acceptedRequests = ConcurrentHashMap.newKeySet();
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      Semaphore inFlight = new Semaphore(16);
      long end = System.nanoTime() + OVERLOAD.toNanos();
      long n = 0;
      try {
        while (System.nanoTime() < end) {
          inFlight.acquire();
          long id = n++;
          ClientCalls.asyncUnaryCall(channel.newCall(OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT
                  .withDeadlineAfter(10, TimeUnit.SECONDS)), request(id, filler),
              new StreamObserver<ExportTraceServiceResponse>() {
                @Override
                public void onNext(ExportTraceServiceResponse value) {}

                @Override
                public void onError(Throwable t) {
                  Status.Code code = Status.fromThrowable(t).getCode();
                  if (code == Status.Code.UNAVAILABLE) {
                    refusedSpans.addAndGet(SPANS_PER_REQUEST);
                  } else {
                    otherFailures.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
                  }
                  inFlight.release();
                }

                @Override
                public void onCompleted() {
                  acceptedSpans.addAndGet(SPANS_PER_REQUEST);
                  acceptedRequests.add(id);
                  inFlight.release();
                }
              });
        }
        assertThat(inFlight.tryAcquire(16, 30, TimeUnit.SECONDS)).as("every call answered").isTrue();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      System.out.println("overload at -Xmx128m for " + OVERLOAD.toSeconds() + " s: " + n + " requests, "
          + acceptedSpans.get() + " spans accepted, " + refusedSpans.get() + " refused");

      assertThat(otherFailures).as("no status but UNAVAILABLE").isEmpty();
      assertThat(refusedSpans.get()).as("the relay pushed back").isGreaterThan(0);
      assertThat(RelayProcess.metric(admin, "relay_receiver_refused_spans_total")).isEqualTo(refusedSpans.get());
      assertThat(RelayProcess.metric(admin, "relay_receiver_accepted_spans_total")).isEqualTo(acceptedSpans.get());

      tempo.delay(Duration.ZERO);
      Await.until(Duration.ofSeconds(60), acceptedSpans.get() + " spans at Tempo",
          () -> tempo.spanCount() == acceptedSpans.get());
      Set<String> names = new HashSet<>();
      tempo.spans().forEach(s -> names.add(s.getName()));
      assertThat(names).hasSize((int) acceptedSpans.get());
      for (long id : acceptedRequests) {
        assertThat(names).contains("o" + id + "-0", "o" + id + "-" + (SPANS_PER_REQUEST - 1));
      }
      assertThat(relay.process().isAlive()).isTrue();
      assertThat(relay.output()).doesNotContain("OutOfMemoryError");
      assertThat(RelayProcess.metric(admin, "relay_exporter_send_failed_spans_total")).isZero();
    }
  }
}
