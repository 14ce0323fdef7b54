package dev.relay.consumer;

import dev.relay.otlp.TracesBatch;

/**
 * Takes a batch of spans. Implementations return quickly; one whose call may wait (I/O, a full queue) says so in its
 * {@link #capabilities()}, since receivers run the pipeline on their event loop when nothing on it may block. A
 * batch is immutable, so a consumer that wants to change it builds a new one.
 */
@FunctionalInterface
public interface TracesConsumer extends BaseConsumer {
  /**
   * @throws ConsumeException when the batch was not accepted; its {@link ConsumeException#retryable()} tells the
   *     sender whether to try again
   */
  void consumeTraces(TracesBatch batch);
}
