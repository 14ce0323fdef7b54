package dev.relay.exporter;

import static dev.relay.exporter.ExporterTestKit.batch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.exporter.ExporterTestKit.GatedSender;
import dev.relay.exporter.QueuedExporterSettings.WhenFull;
import dev.relay.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What queued up is merged into one send, within {@code max_size}, waiting up to flush_timeout for min_size. */
class BatcherTest {
  private final ExporterTestKit kit = new ExporterTestKit();
  private QueuedExporter exporter;

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.shutdown(Duration.ofSeconds(2));
    }
  }

  @Test
  void mergesWhatQueuedUpWithinTheSpanLimit() throws Exception {
    GatedSender sender = new GatedSender();
    exporter = kit.exporter(sender, 100, WhenFull.REJECT, RetryPolicy.DISABLED);
    exporter.start();
    exporter.consumeTraces(batch("first"));
    sender.entered.await();
    for (int i = 0; i < 5; i++) {
      exporter.consumeTraces(batch("a" + i, "b" + i));
    }
    exporter.consumeTraces(batch(IntStream.range(0, 95).mapToObj(i -> "big" + i)
        .toArray(String[]::new))); // too big to merge with the others (limit 100 spans)
    sender.release.countDown();
    Await.until(Duration.ofSeconds(5), "three sends", () -> sender.sends.size() == 3);
    assertThat(sender.sends.get(0)).containsExactly("first");
    assertThat(sender.sends.get(1)).containsExactly("a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4");
    assertThat(sender.sends.get(2)).hasSize(95);
    Await.until(Duration.ofSeconds(5), "counted", () -> kit.counter("relay.exporter.sent.spans") == 106);
  }

  @Test
  void minSizeWaitsUpToFlushTimeoutForMoreSpans() throws Exception {
    List<List<String>> sends = new CopyOnWriteArrayList<>();
    BatchSender sender = ExporterTestKit.sender("recording", batches -> {
      sends.add(ExporterTestKit.names(batches));
      return CompletableFuture.completedFuture(null);
    });
    exporter = kit.exporter("batch", sender,
        QueuedExporterSettings.builder().batch(Duration.ofSeconds(30), 5, 100).retry(RetryPolicy.DISABLED).build());
    exporter.start();
    exporter.consumeTraces(batch("a", "b"));
    exporter.consumeTraces(batch("c", "d"));
    exporter.consumeTraces(batch("e", "f"));
    Await.until(Duration.ofSeconds(5), "one send", () -> sends.size() == 1);
    assertThat(sends.get(0)).containsExactly("a", "b", "c", "d", "e", "f");
    exporter.shutdown(Duration.ofSeconds(2));

    sends.clear();
    exporter = kit.exporter("flush", sender,
        QueuedExporterSettings.builder().batch(Duration.ofMillis(100), 1000, 2000).retry(RetryPolicy.DISABLED)
            .build());
    exporter.start();
    long start = System.nanoTime();
    exporter.consumeTraces(batch("alone"));
    Await.until(Duration.ofSeconds(5), "the flush timeout to send it", () -> sends.size() == 1);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(100_000_000L);
    assertThat(sends.get(0)).containsExactly("alone");
  }
}
