package dev.relay.processor.probabilisticsampler;

import java.util.Objects;

/**
 * Settings of one {@code probabilistic_sampler} processor.
 *
 * @param samplingPercentage as the Collector reads it, a 32-bit float; over 100 means 100
 * @param hashSeed an unsigned 32-bit seed, held in an int
 * @param attributeSourceTraceId {@code attribute_source: traceID} (the default) rather than {@code record}
 * @param fromAttribute the log record attribute hashed when there is no trace id to use; empty when none
 * @param samplingPriority the log record attribute that overrides the percentage; empty when none
 */
public record ProbabilisticSamplerConfig(
    float samplingPercentage,
    int hashSeed,
    Mode mode,
    boolean failClosed,
    int samplingPrecision,
    boolean attributeSourceTraceId,
    String fromAttribute,
    String samplingPriority) {
  /** The sampling modes; {@code hash_seed} is the default. */
  public enum Mode {
    HASH_SEED("hash_seed"),
    PROPORTIONAL("proportional"),
    EQUALIZING("equalizing");

    private final String key;

    Mode(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  public ProbabilisticSamplerConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(fromAttribute, "fromAttribute");
    Objects.requireNonNull(samplingPriority, "samplingPriority");
  }
}
