package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged relay at the launcher's heap ({@code -Xmx64m}) gives back the heap a burst grew: a Tempo that holds
 * every call makes the exporter's queue keep about 14 MiB of spans (its memory guard, a quarter of the heap)
 * while refused calls make young collections that promote them, so the old
 * generation grows; once Tempo answers and the queue drains, the relay runs one full collection by itself and the
 * old generation's committed size falls back. Read from {@code /metrics}: Micrometer's {@code jvm_memory_*} of the
 * serial collector's {@code Tenured Gen}, and {@code relay_heap_compactions_total}.
 */
class HeapGiveBackProcessIT {
  private static final int REQUESTS = 800;
  private static final int SPANS_PER_REQUEST = 100;
  private static final String TENURED = "id=\"Tenured Gen\"";
  private static final double MIB = 1024 * 1024;
  /** Scraping /metrics every 10 ms would be load enough to keep the relay from seeing the burst over. */
  private static final Duration SCRAPE_EVERY = Duration.ofMillis(500);

  @TempDir
  Path dir;

  private RelayProcess relay;

  @AfterEach
  void stop() throws Exception {
    if (relay != null) {
      relay.close();
    }
  }

  @Test
  void theHeapABurstGrewIsGivenBackOnceTheQueueHasDrained() throws Exception {
    int port = FreePorts.next();
    int admin = FreePorts.next();
    try (TempoStub tempo = TempoStub.start()) {
      Path config = dir.resolve("relay.yaml");
      Files.writeString(config, new TestConfig()
          .otlpReceiver("127.0.0.1:" + port)
          .otlpExporter("otlp/tempo", tempo, """
              timeout: 60s
              sending_queue:
                num_consumers: 2
              """)
          .admin("127.0.0.1:" + admin)
          .service("""
              telemetry:
                logs:
                  level: debug
              """)
          .pipeline("traces", List.of("otlp"), List.of("otlp/tempo"))
          .yaml());
      Path gcLog = dir.resolve("gc.log");
      relay = RelayProcess.start(dir.resolve("relay.log"), "64m",
          Map.of("RELAY_JAVA_OPTS", "-Xmx64m -Xlog:gc:file=" + gcLog), "run", "--config", config.toString());
      relay.awaitStarted();
      double before = RelayProcess.metric(admin, "jvm_memory_committed_bytes", TENURED);
      assertThat(before).as("the serial collector's old generation is reported").isPositive();

      tempo.hold();
      long accepted = send(port);
      assertThat(accepted).as("the queue took some and refused the rest").isBetween(1L, REQUESTS * 50L);
      double grown = RelayProcess.metric(admin, "jvm_memory_committed_bytes", TENURED);
      long rssGrown = rssKiB(relay.process().pid());
      System.out.printf("old generation committed: %.1f MiB at start, %.1f MiB with the queue full; RSS %d MiB%n",
          before / MIB, grown / MIB, rssGrown / 1024);
      assertThat(grown).as("the burst grew the old generation").isGreaterThanOrEqualTo(before + 8 * MIB);
      assertThat(RelayProcess.metric(admin, "relay_heap_compactions_total")).as("no give-back under load").isZero();

      tempo.release();
      Await.until(Duration.ofSeconds(60), SCRAPE_EVERY, "the queue drained into Tempo",
          () -> RelayProcess.metric(admin, "relay_exporter_sent_spans_total") == accepted);
      // No more load: the armed check sees a quiet window and gives back (one window of 10 s after the last
      // collection that found the heap grown, a second if the drain's collections fell in the first).
      try {
        Await.until(Duration.ofSeconds(60), SCRAPE_EVERY, "one give-back",
            () -> RelayProcess.metric(admin, "relay_heap_compactions_total") >= 1);
      } catch (AssertionError e) {
        System.out.println("collections:\n" + read(gcLog) + "\nrelay output:\n" + relay.output());
        throw e;
      }
      double after = RelayProcess.metric(admin, "jvm_memory_committed_bytes", TENURED);
      System.out.printf("old generation committed after the give-back: %.1f MiB, RSS %d MiB; its full collection"
          + " took %.1f ms%n", after / MIB, rssKiB(relay.process().pid()) / 1024,
          1000 * RelayProcess.metric(admin, "jvm_gc_pause_seconds_sum", "cause=\"System.gc()\""));
      assertThat(RelayProcess.metric(admin, "relay_heap_compactions_total")).isEqualTo(1);
      assertThat(RelayProcess.metric(admin, "jvm_gc_pause_seconds_count", "cause=\"System.gc()\""))
          .as("exactly one explicit full collection").isEqualTo(1);
      assertThat(after).as("committed old generation given back").isLessThanOrEqualTo(grown - 8 * MIB);
      assertThat(relay.output().split("heap give-back: a full collection took", -1)).as("logged once, at debug")
          .hasSize(2);
      assertThat(relay.process().isAlive()).isTrue();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  /** VmRSS of process {@code pid}, from /proc. */
  private static long rssKiB(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  /**
   * {@link #REQUESTS} requests of 100 spans with a 1 KiB attribute each, 16 in flight: the first fill the queue
   * (about 14 MiB on the wire, up to its memory guard, a quarter of the heap), the rest are refused, and the young
   * collections they cause promote what the queue holds. Returns the spans accepted.
   */
  private static long send(int port) throws Exception {
    Span.Builder[] spans = new Span.Builder[SPANS_PER_REQUEST];
    String filler = "x".repeat(1024);
    for (int i = 0; i < SPANS_PER_REQUEST; i++) {
      spans[i] = TestTraces.spanWithIds("g" + i).addAttributes(KeyValue.newBuilder().setKey("payload")
          .setValue(AnyValue.newBuilder().setStringValue(filler)));
    }
    byte[] request = TestTraces.request(spans).toByteArray();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    long accepted = 0;
    try {
      List<ListenableFuture<?>> inFlight = new ArrayList<>();
      for (int i = 0; i < REQUESTS || !inFlight.isEmpty(); i++) {
        if (inFlight.size() == 16 || (i >= REQUESTS && !inFlight.isEmpty())) {
          accepted += answered(inFlight.remove(0));
        }
        if (i < REQUESTS) {
          inFlight.add(ClientCalls.futureUnaryCall(channel.newCall(OtlpGrpcMethods.TRACE_EXPORT,
              CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)), request));
        }
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    return accepted;
  }

  /** The spans of a call that was answered OK; 0 for one refused with UNAVAILABLE (a full queue). */
  private static long answered(ListenableFuture<?> call) throws Exception {
    try {
      call.get(30, TimeUnit.SECONDS);
      return SPANS_PER_REQUEST;
    } catch (ExecutionException e) {
      assertThat(Status.fromThrowable(e.getCause()).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      return 0;
    }
  }
}
