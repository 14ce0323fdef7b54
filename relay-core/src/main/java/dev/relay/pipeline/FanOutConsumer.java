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
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
