package dev.relay.exporter;

import static dev.relay.exporter.ExporterTestKit.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relay.consumer.ConsumeException;
import dev.relay.consumer.RequestContext;
import dev.relay.exporter.ExporterTestKit.GatedSender;
import dev.relay.exporter.QueuedExporterSettings.Sizer;
import dev.relay.exporter.QueuedExporterSettings.WhenFull;
import dev.relay.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A full queue: refused, dropped and counted, or waited on ({@code block_on_overflow}); and what its size counts. */
class QueueAdmissionTest {
  private final ExporterTestKit kit = new ExporterTestKit();
  private QueuedExporter exporter;

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.shutdown(Duration.ofSeconds(2));
    }
  }

  @Test
  void fullQueueRejectsWithARetryableErrorOrDropsAndCounts() throws Exception {
    GatedSender sender = new GatedSender();
    exporter = kit.exporter(sender, 2, WhenFull.REJECT, RetryPolicy.DISABLED);
    exporter.start();
    exporter.consumeTraces(batch("in-flight"));
    sender.entered.await();
    exporter.consumeTraces(batch("q1"));
    exporter.consumeTraces(batch("q2"));
    ConsumeException e = catchThrowableOfType(ConsumeException.class, () -> exporter.consumeTraces(batch("x", "y")));
    assertThat(e.retryable()).isTrue();
    assertThat(kit.counter("relay.exporter.enqueue.failed.spans")).isEqualTo(2);
    sender.release.countDown();

    GatedSender dropSender = new GatedSender();
    QueuedExporter dropping = kit.exporter(dropSender, 1, WhenFull.DROP, RetryPolicy.DISABLED);
    dropping.start();
    dropping.consumeTraces(batch("in-flight"));
    dropSender.entered.await();
    dropping.consumeTraces(batch("q1"));
    dropping.consumeTraces(batch("dropped"));
    assertThat(kit.counter("relay.exporter.enqueue.failed.spans")).isEqualTo(3);
    dropSender.release.countDown();
    dropping.shutdown(Duration.ofSeconds(2));
  }

  @Test
  void sizersCountItemsOrBytesAndTheByteGuardHoldsWhateverTheSizer() throws Exception {
    GatedSender items = new GatedSender();
    exporter = kit.exporter(items, Sizer.ITEMS, 5, Long.MAX_VALUE, WhenFull.REJECT, RetryPolicy.DISABLED);
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
    exporter = kit.exporter(bytes, Sizer.REQUESTS, 1000, 3 * one, WhenFull.REJECT, RetryPolicy.DISABLED);
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
  void blockOnOverflowMakesTheCallerWaitForSpaceInsteadOfRefusing() throws Exception {
    GatedSender sender = new GatedSender();
    exporter = kit.exporter("block", sender,
        QueuedExporterSettings.builder().queue(Sizer.REQUESTS, 1).blockOnOverflow(true)
            .retry(RetryPolicy.DISABLED).build());
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
    assertThat(kit.counter("relay.exporter.enqueue.failed.spans")).isZero();
    sender.release.countDown();
    assertThat(returned.await(5, TimeUnit.SECONDS)).isTrue();
    Await.until(Duration.ofSeconds(5), "all three sent", () -> kit.counter("relay.exporter.sent.spans") == 3);
    assertThat(sender.sends.stream().flatMap(List::stream)).containsExactlyInAnyOrder("in-flight", "q1", "q2");
  }

  @Test
  void blockOnOverflowWaitsNoLongerThanTheCallersDeadlineNorAfterTheCallerGaveUp() throws Exception {
    GatedSender sender = new GatedSender();
    exporter = kit.exporter("deadline", sender,
        QueuedExporterSettings.builder().queue(Sizer.REQUESTS, 1).blockOnOverflow(true)
            .retry(RetryPolicy.DISABLED).build());
    exporter.start();
    exporter.consumeTraces(batch("in-flight"));
    sender.entered.await();
    exporter.consumeTraces(batch("q1"));

    long start = System.nanoTime();
    ConsumeException late;
    try (RequestContext.Scope ignored = RequestContext.EMPTY.withDeadlineIn(
        TimeUnit.MILLISECONDS.toNanos(100)).makeCurrent()) {
      late = catchThrowableOfType(ConsumeException.class, () -> exporter.consumeTraces(batch("late")));
    }
    assertThat(late.retryable()).isTrue();
    // Far below the 30 s that bounds a wait without a deadline.
    assertThat(System.nanoTime() - start).isBetween(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(10));

    AtomicBoolean gone = new AtomicBoolean(true);
    ConsumeException cancelled;
    try (RequestContext.Scope ignored = RequestContext.EMPTY.withCancellation(gone::get).makeCurrent()) {
      cancelled = catchThrowableOfType(ConsumeException.class, () -> exporter.consumeTraces(batch("gone")));
    }
    assertThat(cancelled.retryable()).isTrue();
    assertThat(kit.counter("relay.exporter.enqueue.failed.spans")).isEqualTo(2);
    sender.release.countDown();
  }
}
