package dev.relay.processor.resourcedetection;

import dev.relay.consumer.Capabilities;
import dev.relay.component.ComponentId;
import dev.relay.component.LogsProcessor;
import dev.relay.component.MetricsProcessor;
import dev.relay.component.TracesProcessor;
import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.EditableTraces;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.TracesBatch;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detectors once, at start, within {@code timeout}, then adds what they found to the resource of every
 * span, log record or metric batch. A detector that fails or runs out of time is logged and contributes nothing; the
 * others still count. Nothing is detected per item.
 */
final class ResourceDetectionProcessor implements TracesProcessor, LogsProcessor, MetricsProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceDetectionProcessor.class);

  private final ComponentId id;
  private final ResourceDetectionConfig config;
  private final List<Detector> detectors;
  private final TracesConsumer tracesNext;
  private final LogsConsumer logsNext;
  private final MetricsConsumer metricsNext;
  private volatile DetectedResource detected = DetectedResource.EMPTY;

  ResourceDetectionProcessor(ComponentId id, ResourceDetectionConfig config, List<Detector> detectors,
      TracesConsumer tracesNext, LogsConsumer logsNext) {
    this(id, config, detectors, tracesNext, logsNext, null);
  }

  ResourceDetectionProcessor(ComponentId id, ResourceDetectionConfig config, List<Detector> detectors,
      TracesConsumer tracesNext, LogsConsumer logsNext, MetricsConsumer metricsNext) {
    this.id = id;
    this.config = config;
    this.detectors = List.copyOf(detectors);
    this.tracesNext = tracesNext;
    this.logsNext = logsNext;
    this.metricsNext = metricsNext;
  }

  @Override
  public void start() {
    Map<String, String> found = new LinkedHashMap<>();
    long deadline = System.nanoTime() + config.timeout().toNanos();
    ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "relay-resourcedetection-" + id);
      t.setDaemon(true);
      return t;
    });
    try {
      for (Detector detector : detectors) {
        Future<Map<String, String>> result = runner.submit(detector::detect);
        try {
          result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
              .forEach(found::putIfAbsent); // an earlier detector wins a key, as in the Collector
        } catch (TimeoutException e) {
          result.cancel(true);
          LOG.warn("processor {}: detector '{}' did not finish within the timeout of {}; it adds nothing", id,
              detector.name(), config.timeout());
        } catch (ExecutionException e) {
          LOG.warn("processor {}: detector '{}' failed: {}", id, detector.name(), e.getCause().getMessage());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      runner.shutdownNow();
    }
    detected = new DetectedResource(found, config.override());
    LOG.info("processor {}: detected {} ({}); Relay does not set the resource schema_url (the Collector does)",
        id, found, config.override() ? "replacing a resource's own values" : "keeping a resource's own values");
  }

  @Override
  public void consumeTraces(TracesBatch batch) {
    DetectedResource d = detected;
    if (d.isEmpty()) {
      tracesNext.consumeTraces(batch);
      return;
    }
    EditableTraces req = batch.takeOpened();
    if (req == null) {
      req = EditableTraces.open(batch.bytes());
    }
    boolean changed = false;
    for (EditableTraces.ResourceGroup rg : req.resources()) {
      changed |= d.mergeInto(rg.resource());
    }
    // Resources that already say what was detected (an SDK that sets host.name, say): the batch goes on as it came.
    tracesNext.consumeTraces(changed ? TracesBatch.fromEncoded(req.encode(), req.spanCount()) : batch.withOpened(req));
  }

  @Override
  public void consumeLogs(LogsBatch batch) {
    DetectedResource d = detected;
    if (d.isEmpty()) {
      logsNext.consumeLogs(batch);
      return;
    }
    ExportLogsServiceRequest.Builder out = batch.request().toBuilder();
    boolean changed = false;
    for (int r = 0; r < out.getResourceLogsCount(); r++) {
      changed |= d.mergeInto(out.getResourceLogsBuilder(r).getResourceBuilder());
    }
    logsNext.consumeLogs(changed ? LogsBatch.of(out.build()) : batch);
  }

  @Override
  public void consumeMetrics(MetricsBatch batch) {
    DetectedResource d = detected;
    if (d.isEmpty()) {
      metricsNext.consumeMetrics(batch);
      return;
    }
    ExportMetricsServiceRequest.Builder out = batch.request().toBuilder();
    boolean changed = false;
    for (int r = 0; r < out.getResourceMetricsCount(); r++) {
      changed |= d.mergeInto(out.getResourceMetricsBuilder(r).getResourceBuilder());
    }
    metricsNext.consumeMetrics(changed ? MetricsBatch.of(out.build()) : batch);
  }

  /** Detection (files, DNS) runs once at start; a batch only gets what was found. */
  @Override
  public Capabilities capabilities() {
    return Capabilities.NEVER_BLOCKS;
  }

  @Override
  public String describe() {
    return "resourcedetection: " + String.join(", ", config.detectors());
  }
}
