package dev.relay.exporter;

import static dev.relay.exporter.ExporterTestKit.batch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.exporter.QueuedExporterSettings.WhenFull;
import dev.relay.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retryable failures are retried with backoff or the peer's delay; permanent ones are not, and cost one batch. */
class RetryLoopTest {
  private final ExporterTestKit kit = new ExporterTestKit();
  private QueuedExporter exporter;

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.shutdown(Duration.ofSeconds(2));
    }
  }

  @Test
  void retriesRetryableFailuresWithGrowingBackoffAndHonoursRetryAfter() throws Exception {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    BatchSender sender = ExporterTestKit.sender("flaky", batches -> {
      attempts.add(attempts.size() + 1);
      return switch (attempts.size()) {
        case 1, 2 -> CompletableFuture.failedFuture(ExportException.retryable("down", null, null));
        case 3 -> CompletableFuture.failedFuture(ExportException.retryable("slow down", null, Duration.ofSeconds(7)));
        default -> CompletableFuture.completedFuture(null);
      };
    });
    RetryPolicy retry = new RetryPolicy(true, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0, Duration.ZERO);
    exporter = kit.exporter(sender, 10, WhenFull.REJECT, retry);
    exporter.start();
    exporter.consumeTraces(batch("s"));
    Await.until(Duration.ofSeconds(5), "delivery", () -> kit.counter("relay.exporter.sent.spans") == 1);
    assertThat(attempts).containsExactly(1, 2, 3, 4);
    assertThat(kit.sleeps).containsExactly(100_000_000L, 200_000_000L, 7_000_000_000L);
    assertThat(kit.counter("relay.exporter.retries")).isEqualTo(3);
  }

  @Test
  void aMergedSendThatFailsPermanentlyIsRetriedBatchByBatch() throws Exception {
    List<List<String>> calls = new CopyOnWriteArrayList<>();
    CountDownLatch hold = new CountDownLatch(1);
    BatchSender sender = ExporterTestKit.sender("picky", batches -> {
      List<String> names = ExporterTestKit.names(batches);
      calls.add(names);
      if (names.contains("first")) {
        try {
          hold.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return CompletableFuture.completedFuture(null);
      }
      return names.contains("bad")
          ? CompletableFuture.failedFuture(ExportException.permanent("invalid span", null))
          : CompletableFuture.completedFuture(null);
    });
    exporter = kit.exporter(sender, 10, WhenFull.REJECT, RetryPolicy.DISABLED);
    exporter.start();
    exporter.consumeTraces(batch("first"));
    Await.until(Duration.ofSeconds(5), "the first send", () -> calls.size() == 1);
    exporter.consumeTraces(batch("good1"));
    exporter.consumeTraces(batch("bad"));
    exporter.consumeTraces(batch("good2"));
    hold.countDown();
    Await.until(Duration.ofSeconds(5), "all sent", () -> kit.counter("relay.exporter.sent.spans") == 3);
    assertThat(calls).containsExactly(List.of("first"), List.of("good1", "bad", "good2"), List.of("good1"),
        List.of("bad"), List.of("good2"));
    assertThat(kit.counter("relay.exporter.send.failed.spans")).isEqualTo(1);
  }

  @Test
  void permanentFailuresAreNotRetried() throws Exception {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    BatchSender sender = ExporterTestKit.sender("rejecting", batches -> {
      attempts.add(1);
      return CompletableFuture.failedFuture(ExportException.permanent("bad data", null));
    });
    exporter = kit.exporter(sender, 10, WhenFull.REJECT, RetryPolicy.DEFAULT);
    exporter.start();
    exporter.consumeTraces(batch("a", "b", "c"));
    Await.until(Duration.ofSeconds(5), "failure counted", () -> kit.counter("relay.exporter.send.failed.spans") == 3);
    assertThat(attempts).hasSize(1);
    assertThat(kit.sleeps).isEmpty();
  }
}
