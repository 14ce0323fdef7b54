package dev.relay.processor.probabilisticsampler;

import dev.relay.component.ComponentId;
import dev.relay.component.LogsProcessor;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.Signal;
import dev.relay.processor.probabilisticsampler.ProbabilisticSamplerConfig.Mode;
import java.util.EnumSet;
import java.util.Set;

/** The {@code probabilistic_sampler} type, with the Collector's keys, defaults and checks. */
public final class ProbabilisticSamplerProcessorFactory implements ProcessorFactory<ProbabilisticSamplerConfig> {
  static final int DEFAULT_PRECISION = 4;
  private static final long MAX_SEED = 0xffffffffL;

  @Override
  public String type() {
    return "probabilistic_sampler";
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.of(Signal.TRACES, Signal.LOGS);
  }

  @Override
  public ProbabilisticSamplerConfig parseConfig(ConfigMap cfg) {
    float pct = percentage(cfg);
    int seed = (int) cfg.integer("hash_seed", 0, 0, MAX_SEED);
    String modeText = cfg.choice("mode", Mode.HASH_SEED.key(), Mode.HASH_SEED.key(), Mode.PROPORTIONAL.key(),
        Mode.EQUALIZING.key());
    Mode mode = Mode.HASH_SEED;
    for (Mode m : Mode.values()) {
      if (m.key().equals(modeText)) {
        mode = m;
      }
    }
    boolean failClosed = cfg.bool("fail_closed", true);
    int precision = (int) cfg.integer("sampling_precision", DEFAULT_PRECISION, 1, Sampling.HEX_DIGITS);
    String source = cfg.choice("attribute_source", "traceID", "traceID", "record");
    String fromAttribute = cfg.string("from_attribute", "");
    String priority = cfg.string("sampling_priority", "");
    cfg.rejectUnknown();
    return new ProbabilisticSamplerConfig(pct, seed, mode, failClosed, precision, source.equals("traceID"),
        fromAttribute, priority);
  }

  /** {@code sampling_percentage}: a 32-bit float, 0 (the default: nothing is sampled) or from 2^-56 * 100. */
  private static float percentage(ConfigMap cfg) {
    ConfigNode n = cfg.get("sampling_percentage");
    String text = n == null || n.isNull() ? null : n.asString();
    if (text == null) {
      return 0;
    }
    String t = text.trim();
    float pct;
    if (t.matches("[-+]?\\.(?i:inf)")) {
      pct = t.startsWith("-") ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
    } else if (t.matches("\\.(?i:nan)")) {
      pct = Float.NaN;
    } else if (t.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
      pct = Float.parseFloat(t);
    } else {
      n.problem("expected a number, found '" + text + "'");
      return 0;
    }
    double ratio = (double) pct / 100;
    if (Float.isNaN(pct) || Float.isInfinite(pct)) {
      n.problem("sampling rate is invalid: " + text + "%");
    } else if (ratio < 0) {
      n.problem("sampling rate is negative: " + text + "%");
    } else if (ratio > 0 && ratio < Sampling.MIN_PROBABILITY) {
      n.problem("sampling rate is too small: " + text + "%");
    } else {
      return pct;
    }
    return 0;
  }

  @Override
  public TracesProcessor createTracesProcessor(
      ComponentId id, ProbabilisticSamplerConfig config, TracesConsumer next, TelemetrySettings telemetry) {
    return new TracesSamplerProcessor(id, config, next, telemetry);
  }

  @Override
  public LogsProcessor createLogsProcessor(
      ComponentId id, ProbabilisticSamplerConfig config, LogsConsumer next, TelemetrySettings telemetry) {
    return new LogsSamplerProcessor(id, config, next, telemetry);
  }
}
