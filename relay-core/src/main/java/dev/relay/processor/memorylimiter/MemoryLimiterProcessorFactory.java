package dev.relay.processor.memorylimiter;

import dev.relay.component.ComponentId;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.ConfigMap;
import dev.relay.component.LogsProcessor;
import dev.relay.component.MetricsProcessor;
import dev.relay.otlp.Signal;
import dev.relay.consumer.Consumers;
import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.consumer.TracesConsumer;
import java.util.EnumSet;
import java.util.Set;
import java.time.Duration;

/** The {@code memory_limiter} type, validated as the Collector validates it (plus: no mixing MiB and %). */
public final class MemoryLimiterProcessorFactory implements ProcessorFactory<MemoryLimiterConfig> {
  /** The Collector has no default and recommends 1s; here 1s is the default. */
  static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);
  /** Up to 1 PiB, so that bytes never overflow. */
  private static final long MAX_MIB = 1L << 30;

  @Override
  public String type() {
    return "memory_limiter";
  }

  @Override
  public boolean mutatesData() {
    return false;
  }

  @Override
  public MemoryLimiterConfig parseConfig(ConfigMap cfg) {
    Duration interval = cfg.duration("check_interval", DEFAULT_CHECK_INTERVAL);
    if (interval.isZero()) {
      cfg.problem("check_interval", "must be greater than zero");
      interval = DEFAULT_CHECK_INTERVAL;
    }
    long limitMib = cfg.integer("limit_mib", 0, 1, MAX_MIB);
    long spikeMib = cfg.integer("spike_limit_mib", 0, 0, MAX_MIB);
    int limitPct = (int) cfg.integer("limit_percentage", 0, 1, 100);
    int spikePct = (int) cfg.integer("spike_limit_percentage", 0, 0, 100);
    boolean hasMib = cfg.has("limit_mib");
    boolean hasPct = cfg.has("limit_percentage");
    if (!hasMib && !hasPct) {
      cfg.problem(null, "one of 'limit_mib' or 'limit_percentage' is required");
    } else if (hasMib && hasPct) {
      cfg.problem("limit_percentage", "set 'limit_mib' or 'limit_percentage', not both");
    } else if (hasMib) {
      if (cfg.has("spike_limit_percentage")) {
        cfg.problem("spike_limit_percentage", "goes with 'limit_percentage'; with 'limit_mib' use 'spike_limit_mib'");
      } else if (limitMib > 0 && spikeMib >= limitMib) {
        cfg.problem("spike_limit_mib", "must be smaller than 'limit_mib' (" + limitMib + "), found " + spikeMib);
      }
    } else {
      if (cfg.has("spike_limit_mib")) {
        cfg.problem("spike_limit_mib", "goes with 'limit_mib'; with 'limit_percentage' use 'spike_limit_percentage'");
      } else if (limitPct > 0 && spikePct >= limitPct) {
        cfg.problem("spike_limit_percentage",
            "must be smaller than 'limit_percentage' (" + limitPct + "), found " + spikePct);
      }
    }
    cfg.rejectUnknown();
    return new MemoryLimiterConfig(interval, hasMib ? limitMib : 0, hasMib ? spikeMib : 0, hasMib ? 0 : limitPct,
        hasMib ? 0 : spikePct);
  }

  @Override
  public TracesProcessor createTracesProcessor(
      ComponentId id, MemoryLimiterConfig config, TracesConsumer next, TelemetrySettings telemetry) {
    return new MemoryLimiterProcessor(id, config, new Consumers(next, null, null), telemetry);
  }

  @Override
  public LogsProcessor createLogsProcessor(
      ComponentId id, MemoryLimiterConfig config, LogsConsumer next, TelemetrySettings telemetry) {
    return new MemoryLimiterProcessor(id, config, new Consumers(null, next, null), telemetry);
  }

  @Override
  public MetricsProcessor createMetricsProcessor(
      ComponentId id, MemoryLimiterConfig config, MetricsConsumer next, TelemetrySettings telemetry) {
    return new MemoryLimiterProcessor(id, config, new Consumers(null, null, next), telemetry);
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.allOf(Signal.class);
  }
}
