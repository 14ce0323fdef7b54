package dev.relay.exporter;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.otlp.Batch;
import dev.relay.otlp.TracesBatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * What the exporter tests share: batches of named spans, senders that record, hold or fail, and one meter registry
 * with a sleeper that records the backoff instead of waiting.
 */
final class ExporterTestKit {
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final List<Long> sleeps = new CopyOnWriteArrayList<>();

  /** One request of spans with these names. */
  static TracesBatch batch(String... names) {
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    for (String n : names) {
      ss.addSpans(Span.newBuilder().setName(n));
    }
    return TracesBatch.of(ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ss)).build());
  }

  /** The names of the spans in one send, in order. */
  static List<String> names(List<Batch> batches) {
    List<String> names = new ArrayList<>();
    for (Batch b0 : batches) {
      TracesBatch b = (TracesBatch) b0;
      b.request().getResourceSpans(0).getScopeSpans(0).getSpansList().forEach(s -> names.add(s.getName()));
    }
    return names;
  }

  /** A sender that answers each send with {@code send}. */
  static BatchSender sender(String description, Function<List<Batch>, CompletableFuture<Void>> send) {
    return new BatchSender() {
      @Override
      public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
        return send.apply(batches);
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }

  QueuedExporter exporter(BatchSender sender, int queueSize, QueuedExporterSettings.WhenFull whenFull,
      RetryPolicy retry) {
    return exporter(sender, QueuedExporterSettings.Sizer.REQUESTS, queueSize, Long.MAX_VALUE, whenFull, retry);
  }

  QueuedExporter exporter(BatchSender sender, QueuedExporterSettings.Sizer sizer, long queueSize, long maxBytes,
      QueuedExporterSettings.WhenFull whenFull, RetryPolicy retry) {
    var settings = QueuedExporterSettings.builder()
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

  /** An exporter with these settings, this kit's meters and the real sleeper and clock. */
  QueuedExporter exporter(String name, BatchSender sender, QueuedExporterSettings settings) {
    return new QueuedExporter(new ComponentId("test", name), sender, settings, new TelemetrySettings(meters));
  }

  double counter(String name) {
    return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /** A sender whose first call blocks until released, so batches pile up in the queue meanwhile. */
  static final class GatedSender implements BatchSender {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<List<String>> sends = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
      sends.add(names(batches));
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
}
