package dev.relay.processor.probabilisticsampler;

/**
 * Where an item keeps its sampling information: a span's {@code tracestate} ({@link TraceState}) or a log record's
 * {@code sampling.randomness} and {@code sampling.threshold} attributes ({@link LogRecordCarrier}).
 */
interface SamplingCarrier {
  boolean hasRandomness();

  long randomness();

  void setRandomness(long randomness);

  boolean hasThreshold();

  long threshold();

  void clearThreshold();

  /**
   * Records that the item was sampled at {@code threshold}; false, and nothing changed, when that would raise the
   * probability it already carries.
   */
  boolean updateThreshold(long threshold);
}
