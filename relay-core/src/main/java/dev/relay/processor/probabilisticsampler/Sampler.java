package dev.relay.processor.probabilisticsampler;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;

/**
 * One configured sampling mode, as the Collector's {@code makeSampler} builds it, with its two halves: finding an
 * item's randomness and sampling information ({@link #fromSpan}, {@link #fromLogRecord}), and the threshold the
 * item must reach ({@link #threshold}). Immutable; shared by every thread.
 */
final class Sampler {
  static final String RANDOMNESS_IN_USE =
      "item has sampling randomness, equalizing or proportional mode recommended";
  static final String THRESHOLD_IN_USE = "item has sampling threshold, equalizing or proportional mode recommended";
  static final String MISSING_RANDOMNESS = "missing randomness";
  static final String INCONSISTENT = "inconsistent arriving threshold: item should not have been sampled";

  private enum Kind { NEVER, HASH_SEED, EQUALIZING, PROPORTIONAL }

  private final Kind kind;
  /** The threshold of the hash_seed and equalizing modes. */
  private final long fixedThreshold;
  /** The proportional mode's ratio, in {@code [2^-56, 1]}. */
  private final double ratio;
  private final int precision;
  private final int seed;
  private final boolean logsTraceId;
  private final String fromAttribute;

  private Sampler(Kind kind, long fixedThreshold, double ratio, ProbabilisticSamplerConfig config) {
    this.kind = kind;
    this.fixedThreshold = fixedThreshold;
    this.ratio = ratio;
    this.precision = config.samplingPrecision();
    this.seed = config.hashSeed();
    this.logsTraceId = config.attributeSourceTraceId();
    this.fromAttribute = config.fromAttribute();
  }

  static Sampler of(ProbabilisticSamplerConfig config) {
    float pct = Math.min(config.samplingPercentage(), 100f);
    if (pct == 0) {
      return new Sampler(Kind.NEVER, Sampling.NEVER, 0, config);
    }
    double ratio = Math.max((double) pct / 100, Sampling.MIN_PROBABILITY);
    return switch (config.mode()) {
      case EQUALIZING -> new Sampler(Kind.EQUALIZING,
          Sampling.probabilityToThreshold(ratio, config.samplingPrecision()), ratio, config);
      case PROPORTIONAL -> new Sampler(Kind.PROPORTIONAL, Sampling.ALWAYS, ratio, config);
      case HASH_SEED -> {
        long threshold = HashRandomness.threshold(pct);
        yield new Sampler(threshold == Sampling.NEVER ? Kind.NEVER : Kind.HASH_SEED, threshold, ratio, config);
      }
    };
  }

  /** True when the percentage is so small that the hash_seed mode samples nothing (the Collector warns). */
  boolean roundedToZero(ProbabilisticSamplerConfig config) {
    return kind == Kind.NEVER && config.samplingPercentage() > 0;
  }

  /** Fills {@code d} for a span: randomness from its trace id or its tracestate's r-value, the parsed tracestate. */
  void fromSpan(ByteString traceId, String rawTraceState, Draw d) {
    d.reset();
    TraceState ts = TraceState.parse(rawTraceState);
    switch (kind) {
      case NEVER -> {
        // Randomness that every threshold passes: only a priority can sample, and no check may fail.
        d.use(Sampling.ALL_PROBABILITIES_RANDOMNESS, Policy.SAMPLING_PRIORITY);
        d.carrier = ts;
        d.error = ts.error();
      }
      case HASH_SEED -> {
        if (!Sampling.isEmptyTraceId(traceId)) {
          d.use(HashRandomness.randomness(traceId.toByteArray(), seed), Policy.TRACE_ID_HASH);
        }
        if (ts.error() != null) {
          d.error = ts.error();
        } else if (ts.hasRandomness()) {
          d.error = RANDOMNESS_IN_USE;
        } else if (ts.hasThreshold()) {
          d.error = THRESHOLD_IN_USE;
        } else {
          ts.setRandomness(d.randomness);
          d.carrier = ts;
        }
      }
      case EQUALIZING, PROPORTIONAL -> {
        if (ts.error() != null) {
          d.error = ts.error();
        } else {
          d.carrier = ts;
          if (ts.hasRandomness()) {
            d.use(ts.randomness(), Policy.SAMPLING_RANDOMNESS);
          } else if (!Sampling.isEmptyTraceId(traceId)) {
            d.use(Sampling.traceIdRandomness(traceId), Policy.TRACE_ID_W3C);
          }
        }
      }
    }
  }

  /**
   * Fills {@code d} for a log record, whose {@code sampling.*} attributes {@code carrier} has read: randomness from
   * its trace id, or (hash_seed mode) from the {@code from_attribute} attribute, or its explicit randomness.
   */
  void fromLogRecord(ByteString traceId, LogRecordCarrier carrier, Draw d) {
    d.reset();
    switch (kind) {
      case NEVER -> {
        d.use(Sampling.ALL_PROBABILITIES_RANDOMNESS, Policy.SAMPLING_PRIORITY);
        d.carrier = carrier;
        d.error = carrier.error();
      }
      case HASH_SEED -> {
        if (logsTraceId && !Sampling.isEmptyTraceId(traceId)) {
          d.use(HashRandomness.randomness(traceId.toByteArray(), seed), Policy.TRACE_ID_HASH);
        }
        if (d.missing() && !fromAttribute.isEmpty()) {
          AnyValue value = carrier.attribute(fromAttribute);
          byte[] bytes = value == null ? null : AttributeBytes.of(value);
          if (bytes != null && bytes.length > 0) {
            d.use(HashRandomness.randomness(bytes, seed), Policy.ATTRIBUTE);
          }
        }
        if (carrier.error() != null) {
          d.error = carrier.error();
        } else if (carrier.hasRandomness()) {
          d.error = RANDOMNESS_IN_USE;
        } else if (carrier.hasThreshold()) {
          d.error = THRESHOLD_IN_USE;
        } else {
          d.carrier = carrier;
          if (!d.missing()) {
            carrier.setRandomness(d.randomness);
          }
        }
      }
      case EQUALIZING, PROPORTIONAL -> {
        if (carrier.error() != null) {
          d.error = carrier.error();
        } else {
          d.carrier = carrier;
          if (carrier.hasRandomness()) {
            d.use(carrier.randomness(), Policy.SAMPLING_RANDOMNESS);
          } else if (!Sampling.isEmptyTraceId(traceId)) {
            d.use(Sampling.traceIdRandomness(traceId), Policy.TRACE_ID_W3C);
          }
        }
      }
    }
  }

  /**
   * The threshold {@code d}'s item must reach, before any priority: after a fault (including missing randomness,
   * and an arriving threshold its randomness does not reach, which is then cleared), never when failing closed and
   * always when failing open; otherwise what the mode decides.
   */
  long threshold(Draw d, boolean failClosed) {
    if (d.error == null) {
      d.error = consistencyCheck(d);
    }
    if (d.error != null) {
      return failClosed ? Sampling.NEVER : Sampling.ALWAYS;
    }
    return decide(d.carrier);
  }

  private static String consistencyCheck(Draw d) {
    if (d.missing()) {
      return MISSING_RANDOMNESS;
    }
    if (d.carrier != null && d.carrier.hasThreshold()
        && !Sampling.shouldSample(d.carrier.threshold(), d.randomness)) {
      d.carrier.clearThreshold();
      return INCONSISTENT;
    }
    return null;
  }

  private long decide(SamplingCarrier carrier) {
    switch (kind) {
      case NEVER:
        return Sampling.NEVER;
      case HASH_SEED:
        return fixedThreshold;
      case EQUALIZING:
        if (carrier != null && carrier.hasThreshold() && fixedThreshold < carrier.threshold()) {
          return carrier.threshold();
        }
        return fixedThreshold;
      default:
        double incoming = carrier != null && carrier.hasThreshold() ? Sampling.probability(carrier.threshold()) : 1.0;
        long threshold = Sampling.probabilityToThreshold(incoming * ratio, precision);
        return threshold == Sampling.OUT_OF_RANGE ? Sampling.NEVER : threshold;
    }
  }

  int precision() {
    return precision;
  }

  String fromAttribute() {
    return fromAttribute;
  }
}
