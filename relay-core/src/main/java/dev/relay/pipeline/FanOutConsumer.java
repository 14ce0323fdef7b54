package dev.relay.pipeline;

import dev.relay.consumer.ConsumeException;
import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.consumer.TracesConsumer;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Hands each batch to every consumer, even when one fails. The failure reported back is retryable if any was, so a
 * client retries rather than losing data; it is permanent only when every failure was. Batches are immutable, so
 * every consumer gets the same one: a processor that changes data builds its own.
 */
final class FanOutConsumer {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FanOutConsumer.class);

  private FanOutConsumer() {}

  static TracesConsumer traces(List<? extends TracesConsumer> consumers) {
    if (consumers.size() == 1) {
      return consumers.get(0);
    }
    TracesConsumer[] all = consumers.toArray(new TracesConsumer[0]);
    return batch -> fanOut(all, batch, TracesConsumer::consumeTraces);
  }

  static LogsConsumer logs(List<? extends LogsConsumer> consumers) {
    if (consumers.size() == 1) {
      return consumers.get(0);
    }
    LogsConsumer[] all = consumers.toArray(new LogsConsumer[0]);
    return batch -> fanOut(all, batch, LogsConsumer::consumeLogs);
  }

  static MetricsConsumer metrics(List<? extends MetricsConsumer> consumers) {
    if (consumers.size() == 1) {
      return consumers.get(0);
    }
    MetricsConsumer[] all = consumers.toArray(new MetricsConsumer[0]);
    return batch -> fanOut(all, batch, MetricsConsumer::consumeMetrics);
  }

  private static <C, B> void fanOut(C[] consumers, B batch, BiConsumer<C, B> call) {
    ConsumeException failure = null;
    for (C c : consumers) {
      try {
        call.accept(c, batch);
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
