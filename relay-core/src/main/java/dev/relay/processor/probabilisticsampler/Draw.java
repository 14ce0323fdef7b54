package dev.relay.processor.probabilisticsampler;

/**
 * One item's sampling inputs as a {@link Sampler} found them: its randomness and where that came from, where its
 * sampling information is kept (null when it must be left alone), and the fault that stops an ordinary decision
 * (null when there is none). One per batch, refilled for every item.
 */
final class Draw {
  long randomness;
  Policy policy;
  SamplingCarrier carrier;
  String error;

  void reset() {
    randomness = Sampling.ALL_PROBABILITIES_RANDOMNESS;
    policy = Policy.MISSING_RANDOMNESS;
    carrier = null;
    error = null;
  }

  boolean missing() {
    return policy == Policy.MISSING_RANDOMNESS;
  }

  void use(long value, Policy from) {
    randomness = value;
    policy = from;
  }
}
