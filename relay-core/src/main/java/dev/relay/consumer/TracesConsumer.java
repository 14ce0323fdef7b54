package dev.relay.consumer;

import dev.relay.otlp.TracesBatch;

/**
 * Takes a batch of spans. Implementations return quickly and never block on I/O: callers run on receiver threads.
 * A batch is immutable, so a consumer that wants to change it builds a new one.
 */
@FunctionalInterface
public interface TracesConsumer {
  /**
   * @throws ConsumeException when the batch was not accepted; its {@link ConsumeException#retryable()} tells the
   *     sender whether to try again
   */
  void consumeTraces(TracesBatch batch);
}
