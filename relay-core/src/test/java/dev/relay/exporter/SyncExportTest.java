package dev.relay.exporter;

import static dev.relay.exporter.ExporterTestKit.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.ConsumeException;
import dev.relay.consumer.RequestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code sending_queue.enabled: false}: the caller's thread sends, and gets the outcome, within its deadline. */
class SyncExportTest {
  private final ExporterTestKit kit = new ExporterTestKit();
  /** The injected clock moves only when the exporter sleeps. */
  private final AtomicLong clock = new AtomicLong();
  private QueuedExporter exporter;

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.shutdown(Duration.ofSeconds(2));
    }
  }

  private QueuedExporter withoutQueue(BatchSender sender, RetryPolicy retry) {
    return new QueuedExporter(new ComponentId("test", "sync"), sender,
        QueuedExporterSettings.builder().queueEnabled(false).retry(retry).build(), new TelemetrySettings(kit.meters),
        nanos -> {
          kit.sleeps.add(nanos);
          clock.addAndGet(nanos);
        }, clock::get);
  }

  @Test
  void withoutAQueueTheCallerWaitsForTheExportAndGetsItsOutcome() throws Exception {
    List<String> outcomes = new CopyOnWriteArrayList<>(List.of("retry", "ok", "permanent", "retry", "retry"));
    List<Integer> calls = new CopyOnWriteArrayList<>();
    BatchSender sender = ExporterTestKit.sender("scripted", batches -> {
      calls.add(batches.get(0).itemCount());
      return switch (outcomes.remove(0)) {
        case "ok" -> CompletableFuture.completedFuture(null);
        case "permanent" -> CompletableFuture.failedFuture(ExportException.permanent("bad", null));
        default -> CompletableFuture.failedFuture(ExportException.retryable("down", null, null));
      };
    });
    RetryPolicy retry = new RetryPolicy(true, Duration.ofMillis(10), Duration.ofMillis(10), 1.0, 0.0,
        Duration.ofMillis(15));
    exporter = withoutQueue(sender, retry);
    exporter.start();
    exporter.consumeTraces(batch("a", "b")); // retried once, then delivered, before the call returns
    assertThat(calls).containsExactly(2, 2);
    assertThat(kit.counter("relay.exporter.sent.spans")).isEqualTo(2);
    ConsumeException permanent = catchThrowableOfType(ConsumeException.class, () -> exporter.consumeTraces(batch("c")));
    assertThat(permanent.retryable()).isFalse();
    // Two retryable failures: the second would wait past max_elapsed_time (15 ms), so the call gets UNAVAILABLE.
    ConsumeException retryable = catchThrowableOfType(ConsumeException.class, () -> exporter.consumeTraces(batch("d")));
    assertThat(retryable.retryable()).isTrue();
    assertThat(kit.counter("relay.exporter.send.failed.spans")).isEqualTo(2);
    assertThat(exporter.queuedRequests()).isZero();
  }

  @Test
  void retriesStopAtTheCallersDeadline() throws Exception {
    List<Integer> calls = new CopyOnWriteArrayList<>();
    BatchSender down = ExporterTestKit.sender("down", batches -> {
      calls.add(1);
      return CompletableFuture.failedFuture(ExportException.retryable("down", null, null));
    });
    // Retries forever, but the caller's deadline leaves no time for a 10 ms backoff.
    exporter = withoutQueue(down,
        new RetryPolicy(true, Duration.ofMillis(10), Duration.ofMillis(10), 1.0, 0.0, Duration.ZERO));
    exporter.start();
    ConsumeException e;
    try (RequestContext.Scope ignored = RequestContext.EMPTY.withDeadlineIn(0).makeCurrent()) {
      e = catchThrowableOfType(ConsumeException.class, () -> exporter.consumeTraces(batch("late")));
    }
    assertThat(e.retryable()).isTrue();
    assertThat(calls).hasSize(1);
    assertThat(kit.sleeps).isEmpty();
  }
}
