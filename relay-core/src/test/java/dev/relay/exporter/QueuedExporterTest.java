package dev.relay.exporter;

import static dev.relay.exporter.ExporterTestKit.batch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.exporter.ExporterTestKit.GatedSender;
import dev.relay.otlp.Batch;
import dev.relay.queue.PersistentQueue;
import dev.relay.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter's life: what shutdown does with what is still queued, in memory or on disk. */
class QueuedExporterTest {
  private final ExporterTestKit kit = new ExporterTestKit();
  private QueuedExporter exporter;

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.shutdown(Duration.ofSeconds(2));
    }
  }

  private static BatchSender down() {
    return ExporterTestKit.sender("down",
        batches -> CompletableFuture.failedFuture(ExportException.retryable("down", null, null)));
  }

  @Test
  void shutdownCountsWhatAMemoryQueueCouldNotDeliverByReason() throws Exception {
    RetryPolicy retry = new RetryPolicy(true, Duration.ofMillis(20), Duration.ofMillis(20), 1.0, 0.0, Duration.ZERO);
    exporter = kit.exporter("mem", down(), QueuedExporterSettings.builder().retry(retry).build());
    exporter.start();
    exporter.consumeTraces(batch("a", "b"));
    exporter.consumeTraces(batch("c"));
    Await.until(Duration.ofSeconds(5), "retrying", () -> kit.counter("relay.exporter.retries") >= 1);
    exporter.shutdown(Duration.ofMillis(200));
    exporter = null;
    assertThat(kit.counter("relay.exporter.send.failed.spans")).isEqualTo(3);
    assertThat(kit.meters.get("relay.exporter.dropped.spans").tag("reason", "shutdown").counter().count())
        .isEqualTo(3);
    assertThat(kit.meters.get("relay.exporter.dropped.spans").tag("reason", "permanent_error").counter().count())
        .isZero();
  }

  @Test
  void aPersistentQueueKeepsWhatShutdownCouldNotDeliverForTheNextStart(@TempDir Path dir) throws Exception {
    var storage = new PersistentQueue.Settings(dir, PersistentQueue.Fsync.ALWAYS, Duration.ofSeconds(1), 1 << 20,
        1 << 20);
    RetryPolicy retry = new RetryPolicy(true, Duration.ofMillis(20), Duration.ofMillis(20), 1.0, 0.0, Duration.ZERO);
    var settings = QueuedExporterSettings.builder().storage(storage).retry(retry).numConsumers(2).build();
    ComponentId id = new ComponentId("otlp", "tempo");
    exporter = new QueuedExporter(id, down(), settings, new TelemetrySettings(kit.meters));
    exporter.start();
    exporter.consumeTraces(batch("a", "b"));
    exporter.consumeTraces(batch("c"));
    exporter.consumeTraces(batch("d"));
    Await.until(Duration.ofSeconds(5), "retrying", () -> kit.counter("relay.exporter.retries") >= 2);
    exporter.shutdown(Duration.ofMillis(200));
    exporter = null;
    assertThat(kit.counter("relay.exporter.send.failed.spans")).isZero();
    assertThat(Files.isDirectory(dir.resolve("otlp_tempo"))).isTrue();

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

  /** A sender that counts its idle calls and says it has a backlog while {@code backlog} is set. */
  private static final class IdleCountingSender implements BatchSender {
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger idles = new AtomicInteger();
    final AtomicBoolean backlog = new AtomicBoolean();

    @Override
    public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
      sent.addAndGet(batches.size());
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void idle() {
      idles.incrementAndGet();
    }

    @Override
    public boolean hasBacklog() {
      return backlog.get();
    }

    @Override
    public String describe() {
      return "counting";
    }
  }

  private static long[] consumerThreads(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("relay-exporter-test/" + name + "-")).mapToLong(Thread::getId).toArray();
  }

  @Test
  void idleConsumersWaitWithoutWakingUpAndShutdownEndsTheirWaitAtOnce() throws Exception {
    IdleCountingSender sender = new IdleCountingSender();
    exporter = kit.exporter("idle", sender, QueuedExporterSettings.builder().numConsumers(4).build());
    exporter.start();
    exporter.consumeTraces(batch("a"));
    Await.until(Duration.ofSeconds(5), "sent", () -> sender.sent.get() == 1);
    long[] ids = consumerThreads("idle");
    assertThat(ids).hasSize(4);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Await.until(Duration.ofSeconds(5), "every consumer waiting", () -> Arrays.stream(threads.getThreadInfo(ids))
        .allMatch(i -> i.getThreadState() == Thread.State.TIMED_WAITING));
    long[] waits = Arrays.stream(threads.getThreadInfo(ids)).mapToLong(ThreadInfo::getWaitedCount).toArray();
    Thread.sleep(300); // an observation window, not a synchronisation: a 50 ms poll would wake each thread 6 times
    assertThat(Arrays.stream(threads.getThreadInfo(ids)).mapToLong(ThreadInfo::getWaitedCount).toArray())
        .isEqualTo(waits);
    assertThat(sender.idles.get()).isZero();

    long begin = System.nanoTime();
    exporter.shutdown(Duration.ofSeconds(30));
    exporter = null;
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
    assertThat(sender.idles.get()).as("each consumer catches up once before it stops").isEqualTo(4);
  }

  @Test
  void aSenderWithABacklogIsGivenIdleCallsUntilItCaughtUp() throws Exception {
    IdleCountingSender sender = new IdleCountingSender();
    sender.backlog.set(true);
    exporter = kit.exporter("backlog", sender, QueuedExporterSettings.builder().numConsumers(1).build());
    exporter.start();
    Await.until(Duration.ofSeconds(5), "idle calls while there is a backlog", () -> sender.idles.get() >= 3);
    sender.backlog.set(false);
    exporter.consumeTraces(batch("a"));
    Await.until(Duration.ofSeconds(5), "sent after the wait", () -> sender.sent.get() == 1);
  }
}
