package dev.relay.consumer;

/**
 * What every consumer has besides its consume method, as the Collector's {@code consumer.baseConsumer}: its
 * {@link Capabilities}.
 */
public interface BaseConsumer {
  /**
   * What a call to this consumer may do to the caller's thread, counting this consumer's own work only: what it
   * hands batches on to (a processor's next consumer) is counted by whoever wired the two, which combines them
   * ({@link Capabilities#and}). A consumer that hides the ones behind it (a receiver's route to its pipelines)
   * answers for all of them. Read per request by receivers, so it must be cheap: a field read, no allocation.
   *
   * <p>By default {@link Capabilities#MAY_BLOCK}, the safe answer: such a consumer is never called on an event loop.
   */
  default Capabilities capabilities() {
    return Capabilities.MAY_BLOCK;
  }
}
