package dev.relay.consumer;

import dev.relay.otlp.LogsBatch;

/** Takes a batch of log records; the same contract as {@link TracesConsumer}. */
@FunctionalInterface
public interface LogsConsumer extends BaseConsumer {
  /** @throws ConsumeException when the batch was not accepted */
  void consumeLogs(LogsBatch batch);
}
