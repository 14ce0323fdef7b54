package dev.relay.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.ConsumeException;
import dev.relay.otlp.Batch;
import dev.relay.otlp.TracesBatch;
import dev.relay.testing.Await;
import dev.relay.testing.TestTraces;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueuedExporterTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<Long> sleeps = new CopyOnWriteArrayList<>();
  private QueuedExporter exporter;

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.shutdown(Duration.ofSeconds(2));
    }
  }

  private static TracesBatch batch(String... names) {
    return TracesBatch.of(TestTraces.request(names));
  }

  private QueuedExporter exporter(BatchSender sender, int queueSize, QueuedExporter.WhenFull whenFull,
      RetryPolicy retry) {
    return exporter(sender, QueuedExporter.Sizer.REQUESTS, queueSize, Long.MAX_VALUE, whenFull, retry);
  }

  private QueuedExporter exporter(BatchSender sender, QueuedExporter.Sizer sizer, long queueSize, long maxBytes,
      QueuedExporter.WhenFull whenFull, RetryPolicy retry) {
    var settings = QueuedExporter.Settings.builder()
        .queue(sizer, queueSize)
        .maxQueuedBytes(maxBytes)
        .whenFull(whenFull)
        .retry(retry)
        .timeout(Duration.ofSeconds(1))
        .batch(Duration.ofMillis(200), 0, 100)
        .build();
    // The injected sleeper records the backoff instead of waiting.
    return new QueuedExporter(new ComponentId("test", ""), sender, settings, new TelemetrySettings(meters),
        sleeps::add, System::nanoTime);
  }

  private double counter(String name) {
    return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /** A sender whose first call blocks until released, so batches pile up in the queue meanwhile. */
  private static final class GatedSender implements BatchSender {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<List<String>> sends = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
      List<String> names = new ArrayList<>();
      for (Batch b0 : batches) {
        TracesBatch b = (TracesBatch) b0;
        b.request().getResourceSpans(0).getScopeSpans(0).getSpansList().forEach(s -> names.add(s.getName()));
      }
      sends.add(names);
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public String describe() {
      return "gated";
    }
  }

  @Test
  void mergesWhatQueuedUpWithinTheSpanLimit() throws Exception {
    GatedSender sender = new GatedSender();
    exporter = exporter(sender, 100, QueuedExporter.WhenFull.REJECT, RetryPolicy.DISABLED);
    exporter.start();
    exporter.consumeTraces(batch("first"));
    sender.entered.await();
    for (int i = 0; i < 5; i++) {
      exporter.consumeTraces(batch("a" + i, "b" + i));
    }
    exporter.consumeTraces(batch(java.util.stream.IntStream.range(0, 95).mapToObj(i -> "big" + i)
        .toArray(String[]::new))); // too big to merge with the others (limit 100 spans)
    sender.release.countDown();
    Await.until(Duration.ofSeconds(5), "three sends", () -> sender.sends.size() == 3);
    assertThat(sender.sends.get(0)).containsExactly("first");
    assertThat(sender.sends.get(1)).containsExactly("a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4");
    assertThat(sender.sends.get(2)).hasSize(95);
    Await.until(Duration.ofSeconds(5), "counted", () -> counter("relay.exporter.sent.spans") == 106);
  }

  @Test
  void fullQueueRejectsWithARetryableErrorOrDropsAndCounts() throws Exception {
    GatedSender sender = new GatedSender();
    exporter = exporter(sender, 2, QueuedExporter.WhenFull.REJECT, RetryPolicy.DISABLED);
    exporter.start();
    exporter.consumeTraces(batch("in-flight"));
    sender.entered.await();
    exporter.consumeTraces(batch("q1"));
    exporter.consumeTraces(batch("q2"));
    ConsumeException e = catchThrowableOfType(ConsumeException.class, () -> exporter.consumeTraces(batch("x", "y")));
    assertThat(e.retryable()).isTrue();
    assertThat(counter("relay.exporter.enqueue.failed.spans")).isEqualTo(2);
    sender.release.countDown();

    GatedSender dropSender = new GatedSender();
    QueuedExporter dropping = exporter(dropSender, 1, QueuedExporter.WhenFull.DROP, RetryPolicy.DISABLED);
    dropping.start();
    dropping.consumeTraces(batch("in-flight"));
    dropSender.entered.await();
    dropping.consumeTraces(batch("q1"));
    dropping.consumeTraces(batch("dropped"));
    assertThat(counter("relay.exporter.enqueue.failed.spans")).isEqualTo(3);
    dropSender.release.countDown();
    dropping.shutdown(Duration.ofSeconds(2));
  }

  @Test
  void sizersCountItemsOrBytesAndTheByteGuardHoldsWhateverTheSizer() throws Exception {
    GatedSender items = new GatedSender();
    exporter = exporter(items, QueuedExporter.Sizer.ITEMS, 5, Long.MAX_VALUE, QueuedExporter.WhenFull.REJECT,
        RetryPolicy.DISABLED);
    exporter.start();
    exporter.consumeTraces(batch("in-flight"));
    items.entered.await();
    exporter.consumeTraces(batch("a", "b", "c"));
    exporter.consumeTraces(batch("d", "e"));
    assertThat(catchThrowableOfType(ConsumeException.class, () -> exporter.consumeTraces(batch("f"))).retryable())
        .isTrue();
    items.release.countDown();
    exporter.shutdown(Duration.ofSeconds(2));

    GatedSender bytes = new GatedSender();
    long one = batch("x").compact().bytes().length;
    exporter = exporter(bytes, QueuedExporter.Sizer.REQUESTS, 1000, 3 * one, QueuedExporter.WhenFull.REJECT,
        RetryPolicy.DISABLED);
    exporter.start();
    exporter.consumeTraces(batch("x"));
    bytes.entered.await();
    for (int i = 0; i < 3; i++) {
      exporter.consumeTraces(batch("x"));
    }
    assertThat(catchThrowableOfType(ConsumeException.class, () -> exporter.consumeTraces(batch("x")))).isNotNull();
    bytes.release.countDown();
    Await.until(Duration.ofSeconds(5), "the queue to drain", () -> exporter.queuedRequests() == 0);
    exporter.consumeTraces(batch("x"));
  }

  @Test
  void retriesRetryableFailuresWithGrowingBackoffAndHonoursRetryAfter() throws Exception {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    BatchSender sender = new BatchSender() {
      @Override
      public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
        attempts.add(attempts.size() + 1);
        return switch (attempts.size()) {
          case 1, 2 -> CompletableFuture.failedFuture(ExportException.retryable("down", null, null));
          case 3 -> CompletableFuture.failedFuture(ExportException.retryable("slow down", null, Duration.ofSeconds(7)));
          default -> CompletableFuture.completedFuture(null);
        };
      }

      @Override
      public String describe() {
        return "flaky";
      }
    };
    RetryPolicy retry = new RetryPolicy(true, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0, Duration.ZERO);
    exporter = exporter(sender, 10, QueuedExporter.WhenFull.REJECT, retry);
    exporter.start();
    exporter.consumeTraces(batch("s"));
    Await.until(Duration.ofSeconds(5), "delivery", () -> counter("relay.exporter.sent.spans") == 1);
    assertThat(attempts).containsExactly(1, 2, 3, 4);
    assertThat(sleeps).containsExactly(100_000_000L, 200_000_000L, 7_000_000_000L);
    assertThat(counter("relay.exporter.retries")).isEqualTo(3);
  }

  @Test
  void aMergedSendThatFailsPermanentlyIsRetriedBatchByBatch() throws Exception {
    List<List<String>> calls = new CopyOnWriteArrayList<>();
    CountDownLatch hold = new CountDownLatch(1);
    BatchSender sender = new BatchSender() {
      @Override
      public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
        List<String> names = new ArrayList<>();
        for (Batch b0 : batches) {
          TracesBatch b = (TracesBatch) b0;
          b.request().getResourceSpans(0).getScopeSpans(0).getSpansList().forEach(s -> names.add(s.getName()));
        }
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
      }

      @Override
      public String describe() {
        return "picky";
      }
    };
    exporter = exporter(sender, 10, QueuedExporter.WhenFull.REJECT, RetryPolicy.DISABLED);
    exporter.start();
    exporter.consumeTraces(batch("first"));
    Await.until(java.time.Duration.ofSeconds(5), "the first send", () -> calls.size() == 1);
    exporter.consumeTraces(batch("good1"));
    exporter.consumeTraces(batch("bad"));
    exporter.consumeTraces(batch("good2"));
    hold.countDown();
    Await.until(java.time.Duration.ofSeconds(5), "all sent", () -> counter("relay.exporter.sent.spans") == 3);
    assertThat(calls).containsExactly(List.of("first"), List.of("good1", "bad", "good2"), List.of("good1"),
        List.of("bad"), List.of("good2"));
    assertThat(counter("relay.exporter.send.failed.spans")).isEqualTo(1);
  }

  @Test
  void permanentFailuresAreNotRetried() throws Exception {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    BatchSender sender = new BatchSender() {
      @Override
      public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
        attempts.add(1);
        return CompletableFuture.failedFuture(ExportException.permanent("bad data", null));
      }

      @Override
      public String describe() {
        return "rejecting";
      }
    };
    exporter = exporter(sender, 10, QueuedExporter.WhenFull.REJECT, RetryPolicy.DEFAULT);
    exporter.start();
    exporter.consumeTraces(batch("a", "b", "c"));
    Await.until(Duration.ofSeconds(5), "failure counted", () -> counter("relay.exporter.send.failed.spans") == 3);
    assertThat(attempts).hasSize(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void blockOnOverflowMakesTheCallerWaitForSpaceInsteadOfRefusing() throws Exception {
    GatedSender sender = new GatedSender();
    exporter = new QueuedExporter(new ComponentId("test", "block"), sender,
        QueuedExporter.Settings.builder().queue(QueuedExporter.Sizer.REQUESTS, 1).blockOnOverflow(true)
            .retry(RetryPolicy.DISABLED).build(),
        new TelemetrySettings(meters));
    exporter.start();
    exporter.consumeTraces(batch("in-flight"));
    sender.entered.await();
    exporter.consumeTraces(batch("q1"));
    CountDownLatch returned = new CountDownLatch(1);
    Thread caller = new Thread(() -> {
      exporter.consumeTraces(batch("q2"));
      returned.countDown();
    });
    caller.start();
    Await.until(Duration.ofSeconds(5), "the caller to wait",
        () -> caller.getState() == Thread.State.TIMED_WAITING);
    assertThat(returned.getCount()).isEqualTo(1);
    assertThat(counter("relay.exporter.enqueue.failed.spans")).isZero();
    sender.release.countDown();
    assertThat(returned.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    Await.until(Duration.ofSeconds(5), "all three sent", () -> counter("relay.exporter.sent.spans") == 3);
    assertThat(sender.sends.stream().flatMap(List::stream)).containsExactlyInAnyOrder("in-flight", "q1", "q2");
  }

  @Test
  void minSizeWaitsUpToFlushTimeoutForMoreSpans() throws Exception {
    List<List<String>> sends = new CopyOnWriteArrayList<>();
    BatchSender sender = new BatchSender() {
      @Override
      public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
        List<String> names = new ArrayList<>();
        for (Batch b0 : batches) {
          TracesBatch b = (TracesBatch) b0;
          b.request().getResourceSpans(0).getScopeSpans(0).getSpansList().forEach(s -> names.add(s.getName()));
        }
        sends.add(names);
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public String describe() {
        return "recording";
      }
    };
    exporter = new QueuedExporter(new ComponentId("test", "batch"), sender,
        QueuedExporter.Settings.builder().batch(Duration.ofSeconds(30), 5, 100).retry(RetryPolicy.DISABLED).build(),
        new TelemetrySettings(meters));
    exporter.start();
    exporter.consumeTraces(batch("a", "b"));
    exporter.consumeTraces(batch("c", "d"));
    exporter.consumeTraces(batch("e", "f"));
    Await.until(Duration.ofSeconds(5), "one send", () -> sends.size() == 1);
    assertThat(sends.get(0)).containsExactly("a", "b", "c", "d", "e", "f");
    exporter.shutdown(Duration.ofSeconds(2));

    sends.clear();
    exporter = new QueuedExporter(new ComponentId("test", "flush"), sender,
        QueuedExporter.Settings.builder().batch(Duration.ofMillis(100), 1000, 2000).retry(RetryPolicy.DISABLED)
            .build(),
        new TelemetrySettings(meters));
    exporter.start();
    long start = System.nanoTime();
    exporter.consumeTraces(batch("alone"));
    Await.until(Duration.ofSeconds(5), "the flush timeout to send it", () -> sends.size() == 1);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(100_000_000L);
    assertThat(sends.get(0)).containsExactly("alone");
  }

  @Test
  void shutdownCountsWhatAMemoryQueueCouldNotDeliverByReason() throws Exception {
    BatchSender down = new BatchSender() {
      @Override
      public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
        return CompletableFuture.failedFuture(ExportException.retryable("down", null, null));
      }

      @Override
      public String describe() {
        return "down";
      }
    };
    RetryPolicy retry = new RetryPolicy(true, Duration.ofMillis(20), Duration.ofMillis(20), 1.0, 0.0, Duration.ZERO);
    exporter = new QueuedExporter(new ComponentId("test", "mem"), down,
        QueuedExporter.Settings.builder().retry(retry).build(), new TelemetrySettings(meters));
    exporter.start();
    exporter.consumeTraces(batch("a", "b"));
    exporter.consumeTraces(batch("c"));
    Await.until(Duration.ofSeconds(5), "retrying", () -> counter("relay.exporter.retries") >= 1);
    exporter.shutdown(Duration.ofMillis(200));
    exporter = null;
    assertThat(counter("relay.exporter.send.failed.spans")).isEqualTo(3);
    assertThat(meters.get("relay.exporter.dropped.spans").tag("reason", "shutdown").counter().count()).isEqualTo(3);
    assertThat(meters.get("relay.exporter.dropped.spans").tag("reason", "permanent_error").counter().count())
        .isZero();
  }

  @Test
  void aPersistentQueueKeepsWhatShutdownCouldNotDeliverForTheNextStart(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    BatchSender down = new BatchSender() {
      @Override
      public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
        return CompletableFuture.failedFuture(ExportException.retryable("down", null, null));
      }

      @Override
      public String describe() {
        return "down";
      }
    };
    var storage = new dev.relay.queue.PersistentQueue.Settings(dir, dev.relay.queue.PersistentQueue.Fsync.ALWAYS,
        Duration.ofSeconds(1), 1 << 20, 1 << 20);
    RetryPolicy retry = new RetryPolicy(true, Duration.ofMillis(20), Duration.ofMillis(20), 1.0, 0.0, Duration.ZERO);
    var settings = QueuedExporter.Settings.builder().storage(storage).retry(retry).numConsumers(2).build();
    ComponentId id = new ComponentId("otlp", "tempo");
    exporter = new QueuedExporter(id, down, settings, new TelemetrySettings(meters));
    exporter.start();
    exporter.consumeTraces(batch("a", "b"));
    exporter.consumeTraces(batch("c"));
    exporter.consumeTraces(batch("d"));
    Await.until(Duration.ofSeconds(5), "retrying", () -> counter("relay.exporter.retries") >= 2);
    exporter.shutdown(Duration.ofMillis(200));
    exporter = null;
    assertThat(counter("relay.exporter.send.failed.spans")).isZero();
    assertThat(java.nio.file.Files.isDirectory(dir.resolve("otlp_tempo"))).isTrue();

    GatedSender up = new GatedSender();
    up.release.countDown();
    SimpleMeterRegistry second = new SimpleMeterRegistry();
    exporter = new QueuedExporter(id, up, settings, new TelemetrySettings(second));
    exporter.start();
    Await.until(Duration.ofSeconds(5), "the kept spans sent",
        () -> second.get("relay.exporter.sent.spans").counter().count() == 4);
    assertThat(up.sends.stream().flatMap(List::stream)).containsExactlyInAnyOrder("a", "b", "c", "d");
    exporter.shutdown(Duration.ofSeconds(2));

    // Delivered means forgotten: a third start sends nothing.
    GatedSender third = new GatedSender();
    third.release.countDown();
    exporter = new QueuedExporter(id, third, settings, new TelemetrySettings(new SimpleMeterRegistry()));
    exporter.start();
    assertThat(exporter.queuedRequests()).isZero();
    assertThat(third.sends).isEmpty();
  }

  @Test
  void withoutAQueueTheCallerWaitsForTheExportAndGetsItsOutcome() throws Exception {
    List<String> outcomes = new CopyOnWriteArrayList<>(List.of("retry", "ok", "permanent", "retry", "retry"));
    List<Integer> calls = new CopyOnWriteArrayList<>();
    BatchSender sender = new BatchSender() {
      @Override
      public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
        calls.add(batches.get(0).itemCount());
        return switch (outcomes.remove(0)) {
          case "ok" -> CompletableFuture.completedFuture(null);
          case "permanent" -> CompletableFuture.failedFuture(ExportException.permanent("bad", null));
          default -> CompletableFuture.failedFuture(ExportException.retryable("down", null, null));
        };
      }

      @Override
      public String describe() {
        return "scripted";
      }
    };
    RetryPolicy retry = new RetryPolicy(true, Duration.ofMillis(10), Duration.ofMillis(10), 1.0, 0.0,
        Duration.ofMillis(15));
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    exporter = new QueuedExporter(new ComponentId("test", "sync"), sender,
        QueuedExporter.Settings.builder().queueEnabled(false).retry(retry).build(), new TelemetrySettings(meters),
        nanos -> {
          sleeps.add(nanos);
          clock.addAndGet(nanos); // the injected clock moves only when the exporter sleeps
        }, clock::get);
    exporter.start();
    exporter.consumeTraces(batch("a", "b")); // retried once, then delivered, before the call returns
    assertThat(calls).containsExactly(2, 2);
    assertThat(counter("relay.exporter.sent.spans")).isEqualTo(2);
    ConsumeException permanent = catchThrowableOfType(ConsumeException.class, () -> exporter.consumeTraces(batch("c")));
    assertThat(permanent.retryable()).isFalse();
    // Two retryable failures: the second would wait past max_elapsed_time (15 ms), so the call gets UNAVAILABLE.
    ConsumeException retryable = catchThrowableOfType(ConsumeException.class, () -> exporter.consumeTraces(batch("d")));
    assertThat(retryable.retryable()).isTrue();
    assertThat(counter("relay.exporter.send.failed.spans")).isEqualTo(2);
    assertThat(exporter.queuedRequests()).isZero();
  }

  @Test
  void backoffIsExponentialCappedAndJittered() {
    RetryPolicy p = new RetryPolicy(true, Duration.ofSeconds(1), Duration.ofSeconds(5), 2.0, 0.5, Duration.ZERO);
    assertThat(p.backoffNanos(1, () -> 0.5)).isEqualTo(1_000_000_000L);
    assertThat(p.backoffNanos(2, () -> 0.5)).isEqualTo(2_000_000_000L);
    assertThat(p.backoffNanos(10, () -> 0.5)).isEqualTo(5_000_000_000L);
    assertThat(p.backoffNanos(1, () -> 0.0)).isEqualTo(500_000_000L);
    assertThat(p.backoffNanos(1, () -> 0.999999)).isBetween(1_499_000_000L, 1_500_000_000L);
  }
}
