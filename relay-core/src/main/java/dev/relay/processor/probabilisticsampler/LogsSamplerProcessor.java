package dev.relay.processor.probabilisticsampler;

import dev.relay.consumer.Capabilities;
import dev.relay.component.ComponentId;
import dev.relay.component.LogsProcessor;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.LogsConsumer;
import dev.relay.otlp.LogsBatch;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples log records one by one, as the Collector's logs sampler does: randomness from the record's trace id, or
 * (hash_seed mode) from its {@code from_attribute} attribute, or its {@code sampling.randomness} attribute; the
 * {@code sampling_priority} attribute, when configured and numeric, replaces the percentage for its record; a
 * sampled record carries {@code sampling.threshold} (and, in hash_seed mode, {@code sampling.randomness}).
 */
final class LogsSamplerProcessor implements LogsProcessor {
  static final String METER = "relay.processor.probabilistic_sampler.count.logs.sampled";
  private static final Logger LOG = LoggerFactory.getLogger(LogsSamplerProcessor.class);

  private final ComponentId id;
  private final ProbabilisticSamplerConfig config;
  private final Sampler sampler;
  private final LogsConsumer next;
  private final SampledCounts counts;

  LogsSamplerProcessor(ComponentId id, ProbabilisticSamplerConfig config, LogsConsumer next,
      TelemetrySettings telemetry) {
    this.id = id;
    this.config = config;
    this.sampler = Sampler.of(config);
    this.next = next;
    this.counts = new SampledCounts(METER, id, config.fromAttribute(), telemetry.meterRegistry());
  }

  @Override
  public void start() {
    if (sampler.roundedToZero(config)) {
      LOG.warn("processor {}: sampling_percentage {} rounds to zero in hash_seed mode; no log record will be"
          + " sampled", id, config.samplingPercentage());
    }
  }

  @Override
  public void consumeLogs(LogsBatch batch) {
    ExportLogsServiceRequest.Builder out = batch.request().toBuilder();
    Draw d = new Draw();
    long[] counted = counts.batch();
    for (int r = out.getResourceLogsCount() - 1; r >= 0; r--) {
      ResourceLogs.Builder rl = out.getResourceLogsBuilder(r);
      for (int s = rl.getScopeLogsCount() - 1; s >= 0; s--) {
        ScopeLogs.Builder sl = rl.getScopeLogsBuilder(s);
        List<LogRecord> kept = new ArrayList<>(sl.getLogRecordsCount());
        for (int i = 0; i < sl.getLogRecordsCount(); i++) {
          LogRecord.Builder record = sl.getLogRecordsBuilder(i);
          boolean sampled = sample(record, d);
          counted[SampledCounts.slot(d.policy, sampled)]++;
          if (sampled) {
            kept.add(record.build());
          }
        }
        sl.clearLogRecords().addAllLogRecords(kept);
        if (kept.isEmpty()) {
          rl.removeScopeLogs(s);
        }
      }
      if (rl.getScopeLogsCount() == 0) {
        out.removeResourceLogs(r);
      }
    }
    counts.add(counted);
    LogsBatch result = LogsBatch.of(out.build());
    if (!result.isEmpty()) {
      next.consumeLogs(result);
    }
  }

  private boolean sample(LogRecord.Builder record, Draw d) {
    LogRecordCarrier carrier = new LogRecordCarrier(record);
    sampler.fromLogRecord(record.getTraceId(), carrier, d);
    long threshold = sampler.threshold(d, config.failClosed());
    if (d.error != null && LOG.isDebugEnabled()) {
      LOG.debug("processor {}: logs sampler: {}", id, d.error);
    }
    if (!config.samplingPriority().isEmpty()) {
      long priority = priorityThreshold(carrier.attribute(config.samplingPriority()));
      if (priority != Sampling.OUT_OF_RANGE) {
        threshold = priority;
        d.policy = Policy.SAMPLING_PRIORITY;
      }
    }
    boolean sampled = Sampling.shouldSample(threshold, d.randomness);
    if (sampled && d.carrier != null && !d.carrier.updateThreshold(threshold) && LOG.isDebugEnabled()) {
      LOG.debug("processor {}: logs sampler: cannot raise existing sampling probability", id);
    }
    return sampled;
  }

  /**
   * The threshold a record's priority attribute asks for: an int or double percentage, used when it is not 0 and
   * is a valid probability (so above 100 is ignored, as in the Collector); {@link Sampling#OUT_OF_RANGE} otherwise.
   */
  private long priorityThreshold(AnyValue v) {
    if (v == null) {
      return Sampling.OUT_OF_RANGE;
    }
    double minProb = switch (v.getValueCase()) {
      case DOUBLE_VALUE -> v.getDoubleValue() / 100.0;
      case INT_VALUE -> v.getIntValue() / 100.0;
      default -> 0;
    };
    if (minProb == 0) {
      return Sampling.OUT_OF_RANGE;
    }
    return Sampling.probabilityToThreshold(minProb, sampler.precision());
  }

  /** Only computes on the batch; what it hands on to is counted by the graph. */
  @Override
  public Capabilities capabilities() {
    return Capabilities.NEVER_BLOCKS;
  }

  @Override
  public String describe() {
    return "probabilistic_sampler (logs): " + config.samplingPercentage() + "% (" + config.mode().key() + ")";
  }
}
