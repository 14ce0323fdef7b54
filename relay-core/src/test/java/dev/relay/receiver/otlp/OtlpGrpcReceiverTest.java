package dev.relay.receiver.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.Consumers;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.Await;
import dev.relay.testing.RawHttp2;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code protocols.grpc.max_concurrent_streams}: what the server advertises, and what it does to calls. */
class OtlpGrpcReceiverTest {
  private static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
  private static final byte[] REQUEST = TestTraces.request(TestTraces.spanWithIds("held")).toByteArray();

  /** Calls inside the pipeline now; each waits for a permit before it returns. */
  private final AtomicInteger inside = new AtomicInteger();
  private final Semaphore release = new Semaphore(0);
  private final Semaphore entered = new Semaphore(0);
  private OtlpGrpcReceiver receiver;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws Exception {
    release.release(100);
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (receiver != null) {
      receiver.shutdown(Duration.ofSeconds(2));
    }
  }

  private void start(int maxConcurrentStreams) throws Exception {
    Consumers next = new Consumers(batch -> {
      inside.incrementAndGet();
      entered.release();
      try {
        release.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inside.decrementAndGet();
    }, null, null);
    receiver = new OtlpGrpcReceiver(ComponentId.parse("otlp"),
        new OtlpGrpcConfig("127.0.0.1", 0, 4 * 1024 * 1024, maxConcurrentStreams), next,
        new TelemetrySettings(new SimpleMeterRegistry()));
    receiver.start();
  }

  /** Starts an Export call on {@link #channel}, opened on first use. */
  private ListenableFuture<ExportTraceServiceResponse> export() {
    if (channel == null) {
      channel = ManagedChannelBuilder.forAddress("127.0.0.1", receiver.port()).usePlaintext().build();
    }
    return ClientCalls.futureUnaryCall(channel.newCall(OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT), REQUEST);
  }

  @Test
  void advertisesTheLimitInItsHttp2Settings() throws Exception {
    start(3);
    assertThat(serverSettings().get(SETTINGS_MAX_CONCURRENT_STREAMS)).isEqualTo(3L);
  }

  @Test
  void withoutALimitAdvertisesGrpcsDefault() throws Exception {
    start(0);
    assertThat(serverSettings().get(SETTINGS_MAX_CONCURRENT_STREAMS)).isEqualTo((long) Integer.MAX_VALUE);
  }

  @Test
  void aSecondCallWaitsUntilTheFirstFinishes() throws Exception {
    start(1);
    var first = export();
    assertThat(entered.tryAcquire(10, TimeUnit.SECONDS)).as("the first call reaches the pipeline").isTrue();
    var second = export();
    // A negative: nothing to await, so a bounded wait. The control test below sees the second call enter.
    assertThat(entered.tryAcquire(300, TimeUnit.MILLISECONDS)).as("the second call held by its client").isFalse();
    assertThat(inside.get()).isEqualTo(1);

    release.release();
    first.get(10, TimeUnit.SECONDS);
    assertThat(entered.tryAcquire(10, TimeUnit.SECONDS)).as("the second call, once the first is done").isTrue();
    release.release();
    second.get(10, TimeUnit.SECONDS);
    assertThat(inside.get()).isZero();
  }

  @Test
  void withoutALimitBothCallsRunAtOnce() throws Exception {
    start(0);
    var first = export();
    var second = export();
    assertThat(entered.tryAcquire(2, 10, TimeUnit.SECONDS)).as("both calls in the pipeline").isTrue();
    assertThat(inside.get()).isEqualTo(2);
    release.release(2);
    first.get(10, TimeUnit.SECONDS);
    second.get(10, TimeUnit.SECONDS);
  }

  /** Opens an HTTP/2 connection by hand and returns the parameters of the server's first SETTINGS frame. */
  private Map<Integer, Long> serverSettings() throws Exception {
    try (RawHttp2 c = RawHttp2.connect(receiver.port(), 65_535)) {
      Await.until(Duration.ofSeconds(10), "the server's SETTINGS", () -> c.serverSettings() != null);
      return c.serverSettings();
    }
  }
}
