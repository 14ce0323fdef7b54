package dev.relay.pipeline;

import dev.relay.consumer.ConsumeException;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.TracesBatch;
import java.util.List;

/**
 * Hands each batch to every consumer, even when one fails. The failure reported back is retryable if any was, so a
 * client retries rather than losing data; it is permanent only when every failure was.
 */
final class FanOutConsumer implements TracesConsumer {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FanOutConsumer.class);
  private final TracesConsumer[] consumers;

  FanOutConsumer(List<TracesConsumer> consumers) {
    this.consumers = consumers.toArray(new TracesConsumer[0]);
  }

  static TracesConsumer of(List<TracesConsumer> consumers) {
    return consumers.size() == 1 ? consumers.get(0) : new FanOutConsumer(consumers);
  }

  @Override
  public void consumeTraces(TracesBatch batch) {
    ConsumeException failure = null;
    for (TracesConsumer c : consumers) {
      try {
        c.consumeTraces(batch);
      } catch (ConsumeException e) {
        if (failure == null || (e.retryable() && !failure.retryable())) {
          failure = e;
        }
      } catch (RuntimeException | StackOverflowError e) {
        // One failing pipeline must not keep the batch from the others.
        LOG.error("a pipeline failed on a batch: {}", e.toString());
        if (failure == null) {
          failure = ConsumeException.permanent("a pipeline failed: " + e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
