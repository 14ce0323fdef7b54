package dev.relay.consumer;

import dev.relay.otlp.MetricsBatch;

/** Takes a batch of metric data points; the same contract as {@link TracesConsumer}. */
@FunctionalInterface
public interface MetricsConsumer extends BaseConsumer {
  /** @throws ConsumeException when the batch was not accepted */
  void consumeMetrics(MetricsBatch batch);
}
