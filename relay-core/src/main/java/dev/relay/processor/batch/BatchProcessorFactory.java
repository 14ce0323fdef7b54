package dev.relay.processor.batch;

import dev.relay.component.ComponentId;
import dev.relay.component.LogsProcessor;
import dev.relay.component.MetricsProcessor;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.ConfigMap;
import dev.relay.consumer.Consumers;
import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The {@code batch} type, with the Collector's keys, defaults and validation. */
public final class BatchProcessorFactory implements ProcessorFactory<BatchConfig> {
  /** The Collector's counts are uint32; item counts here are ints. */
  private static final long MAX_ITEMS = Integer.MAX_VALUE;
  private static final long MAX_UINT32 = 0xffff_ffffL;

  @Override
  public String type() {
    return "batch";
  }

  /** Items pass through unchanged; requests are only put together. */
  @Override
  public boolean mutatesData() {
    return false;
  }

  @Override
  public BatchConfig parseConfig(ConfigMap cfg) {
    Duration timeout = cfg.duration("timeout", BatchConfig.DEFAULT_TIMEOUT);
    int size = (int) cfg.integer("send_batch_size", BatchConfig.DEFAULT_SEND_BATCH_SIZE, 0, MAX_ITEMS);
    int max = (int) cfg.integer("send_batch_max_size", 0, 0, MAX_ITEMS);
    if (max > 0 && max < size) {
      cfg.problem("send_batch_max_size",
          "must be greater than or equal to send_batch_size (" + size + "), found " + max);
    }
    List<String> keys = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String key : cfg.stringList("metadata_keys")) {
      String lower = key.toLowerCase(Locale.ROOT);
      if (seen.add(lower)) {
        keys.add(lower);
      } else {
        cfg.problem("metadata_keys", "duplicate entry '" + lower + "' (keys are compared without regard to case)");
      }
    }
    keys.sort(null);
    long limit = cfg.integer("metadata_cardinality_limit", BatchConfig.DEFAULT_METADATA_CARDINALITY_LIMIT, 0,
        MAX_UINT32);
    cfg.rejectUnknown();
    return new BatchConfig(timeout, size, max, keys, limit);
  }

  @Override
  public TracesProcessor createTracesProcessor(
      ComponentId id, BatchConfig config, TracesConsumer next, TelemetrySettings telemetry) {
    return new BatchProcessor(id, config, Signal.TRACES, new Consumers(next, null, null), telemetry);
  }

  @Override
  public LogsProcessor createLogsProcessor(
      ComponentId id, BatchConfig config, LogsConsumer next, TelemetrySettings telemetry) {
    return new BatchProcessor(id, config, Signal.LOGS, new Consumers(null, next, null), telemetry);
  }

  @Override
  public MetricsProcessor createMetricsProcessor(
      ComponentId id, BatchConfig config, MetricsConsumer next, TelemetrySettings telemetry) {
    return new BatchProcessor(id, config, Signal.METRICS, new Consumers(null, null, next), telemetry);
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.allOf(Signal.class);
  }
}
