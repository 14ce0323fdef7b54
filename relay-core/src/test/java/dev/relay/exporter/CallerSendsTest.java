package dev.relay.exporter;

import static dev.relay.exporter.ExporterTestKit.batch;
import static dev.relay.exporter.ExporterTestKit.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.consumer.ConsumeException;
import dev.relay.otlp.Batch;
import dev.relay.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A sender that never waits is used by the receiving thread itself while the queue is empty, in order. */
class CallerSendsTest {
  private final ExporterTestKit kit = new ExporterTestKit();
  private QueuedExporter exporter;

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.shutdown(Duration.ofSeconds(2));
    }
  }

  /** Records each send's span names and thread; a send of a span named "hold" waits until released. */
  private static final class RecordingSender implements BatchSender {
    final boolean neverWaits;
    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final CountDownLatch holding = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicBoolean backlog = new AtomicBoolean();
    /** Whether each send leaves a backlog (e.g. replies from Redis still due). */
    volatile boolean backlogAfterSend;
    final AtomicInteger idles = new AtomicInteger();
    final List<String> idleThreads = new CopyOnWriteArrayList<>();

    RecordingSender(boolean neverWaits) {
      this.neverWaits = neverWaits;
    }

    @Override
    public boolean neverWaits() {
      return neverWaits;
    }

    @Override
    public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
      List<String> names = names(batches);
      if (names.contains("hold")) {
        holding.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      sent.addAll(names);
      if (backlogAfterSend) {
        backlog.set(true);
      }
      threads.add(Thread.currentThread().getName());
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void idle() {
      idleThreads.add(Thread.currentThread().getName());
      idles.incrementAndGet();
      backlog.set(false);
    }

    @Override
    public boolean hasBacklog() {
      return backlog.get();
    }

    @Override
    public String describe() {
      return "recording";
    }
  }

  private QueuedExporter start(String name, RecordingSender sender, RetryPolicy retry) throws Exception {
    exporter = kit.exporter(name, sender, QueuedExporterSettings.builder().retry(retry).build());
    exporter.start();
    return exporter;
  }

  @Test
  void withAnEmptyQueueTheCallerSendsAndTheSendIsDoneWhenConsumeReturns() throws Exception {
    RecordingSender sender = new RecordingSender(true);
    start("direct", sender, RetryPolicy.DISABLED);
    exporter.consumeTraces(batch("a", "b"));
    exporter.consumeTraces(batch("c"));
    assertThat(sender.sent).containsExactly("a", "b", "c");
    assertThat(sender.threads).containsOnly(Thread.currentThread().getName());
    assertThat(kit.counter("relay.exporter.sent.spans")).isEqualTo(3);
    assertThat(exporter.queuedRequests()).isZero();
  }

  @Test
  void whileOneCallerSendsOthersQueueAndTheConsumerSendsTheirsAfterItInOrder() throws Exception {
    RecordingSender sender = new RecordingSender(true);
    start("order", sender, RetryPolicy.DISABLED);
    Thread first = new Thread(() -> exporter.consumeTraces(batch("hold")), "first-caller");
    first.start();
    assertThat(sender.holding.await(5, TimeUnit.SECONDS)).isTrue();
    exporter.consumeTraces(batch("b"));
    exporter.consumeTraces(batch("c"));
    assertThat(sender.sent).isEmpty();
    sender.release.countDown();
    first.join(5000);
    Await.until(Duration.ofSeconds(5), "all sent", () -> sender.sent.size() == 3);
    assertThat(sender.sent).containsExactly("hold", "b", "c");
    assertThat(sender.threads.get(0)).isEqualTo("first-caller");
    assertThat(sender.threads.subList(1, sender.threads.size())).allMatch(t -> t.startsWith("relay-exporter-"));
    // Once the consumer delivered all it had, the next caller sends itself again.
    Await.until(Duration.ofSeconds(5), "queue empty", () -> exporter.queuedRequests() == 0);
    exporter.consumeTraces(batch("d"));
    Await.until(Duration.ofSeconds(5), "d sent", () -> sender.sent.size() == 4);
    assertThat(sender.sent.get(3)).isEqualTo("d");
    assertThat(kit.counter("relay.exporter.sent.spans")).isEqualTo(4);
  }

  @Test
  void aBacklogLeftByTheCallersSendWakesTheIdleConsumerToCatchUp() throws Exception {
    RecordingSender sender = new RecordingSender(true);
    sender.backlogAfterSend = true;
    start("backlog", sender, RetryPolicy.DISABLED);
    exporter.consumeTraces(batch("a"));
    assertThat(sender.threads).containsExactly(Thread.currentThread().getName());
    Await.until(Duration.ofSeconds(5), "the consumer caught up", () -> sender.idles.get() >= 1);
    assertThat(sender.idleThreads.get(0)).startsWith("relay-exporter-");
  }

  @Test
  void aSenderThatMayWaitOrAnExporterThatRetriesAlwaysGoesThroughTheQueue() throws Exception {
    RecordingSender waits = new RecordingSender(false);
    start("waits", waits, RetryPolicy.DISABLED);
    exporter.consumeTraces(batch("a"));
    Await.until(Duration.ofSeconds(5), "sent", () -> waits.sent.size() == 1);
    assertThat(waits.threads.get(0)).startsWith("relay-exporter-");
    exporter.shutdown(Duration.ofSeconds(2));

    RecordingSender retrying = new RecordingSender(true);
    start("retries", retrying, RetryPolicy.DEFAULT);
    exporter.consumeTraces(batch("a"));
    Await.until(Duration.ofSeconds(5), "sent", () -> retrying.sent.size() == 1);
    assertThat(retrying.threads.get(0)).startsWith("relay-exporter-");
  }

  @Test
  void withSeveralConsumersOrABatchOverTheSizeLimitTheQueueIsUsed() throws Exception {
    RecordingSender shared = new RecordingSender(true);
    exporter = kit.exporter("shared", shared,
        QueuedExporterSettings.builder().numConsumers(2).retry(RetryPolicy.DISABLED).build());
    exporter.start();
    exporter.consumeTraces(batch("a"));
    Await.until(Duration.ofSeconds(5), "sent", () -> shared.sent.size() == 1);
    assertThat(shared.threads.get(0)).startsWith("relay-exporter-");
    exporter.shutdown(Duration.ofSeconds(2));

    RecordingSender sender = new RecordingSender(true);
    start("large", sender, RetryPolicy.DISABLED);
    String[] names = new String[CallerSends.MAX_BYTES / 100 + 1];
    java.util.Arrays.fill(names, "x".repeat(100));
    exporter.consumeTraces(batch(names));
    Await.until(Duration.ofSeconds(5), "sent", () -> sender.threads.size() == 1);
    assertThat(sender.threads.get(0)).startsWith("relay-exporter-");
  }

  @Test
  void aFailedSendOnTheCallersThreadIsCountedAsDroppedAndTheCallerIsNotFailed() throws Exception {
    BatchSender failing = new BatchSender() {
      @Override
      public boolean neverWaits() {
        return true;
      }

      @Override
      public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
        throw new IllegalStateException("bug");
      }

      @Override
      public String describe() {
        return "failing";
      }
    };
    exporter = kit.exporter("failing", failing,
        QueuedExporterSettings.builder().retry(RetryPolicy.DISABLED).build());
    exporter.start();
    exporter.consumeTraces(batch("a", "b"));
    assertThat(kit.meters.get("relay.exporter.dropped.spans").tag("reason", "permanent_error").counter().count())
        .isEqualTo(2);
  }

  @Test
  void afterShutdownBeganTheCallerIsRefusedRetryably() throws Exception {
    RecordingSender sender = new RecordingSender(true);
    start("stopping", sender, RetryPolicy.DISABLED);
    exporter.shutdown(Duration.ofSeconds(1));
    assertThatThrownBy(() -> exporter.consumeTraces(batch("a")))
        .isInstanceOfSatisfying(ConsumeException.class, e -> assertThat(e.retryable()).isTrue());
    exporter = null;
    assertThat(sender.sent).isEmpty();
  }
}
