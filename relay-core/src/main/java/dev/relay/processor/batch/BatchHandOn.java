package dev.relay.processor.batch;

import dev.relay.component.ComponentId;
import dev.relay.consumer.ConsumeException;
import dev.relay.consumer.Consumers;
import dev.relay.otlp.Batch;
import dev.relay.otlp.Signal;
import dev.relay.processor.batch.BatchMeters.Loss;
import dev.relay.telemetry.ThrottlingLogger;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a batch processor hands batches on, and what it does when they are refused. A merged batch holds requests
 * whose clients were answered already: when it is refused, their items are counted as lost ({@code
 * reason="refused"}), and only the calling client, if its own items are in it, sees the refusal. So that a
 * destination that refuses does not turn refusals into losses, after a retryable refusal the processor steps aside:
 * each request goes on alone, so its own client sees the refusal and retries, until one is accepted again.
 */
final class BatchHandOn {
  private static final Logger LOG = LoggerFactory.getLogger(BatchHandOn.class);

  private final ComponentId id;
  private final Signal signal;
  private final Consumers next;
  private final BatchMeters meters;
  private final int maxItems;
  private final ThrottlingLogger warnings = new ThrottlingLogger(LOG);
  /** Set when a merged batch was refused with a retryable error: requests go on alone until one is accepted. */
  private volatile boolean stepAside;

  BatchHandOn(ComponentId id, Signal signal, Consumers next, BatchMeters meters, int maxItems) {
    this.id = id;
    this.signal = signal;
    this.next = next;
    this.meters = meters;
    this.maxItems = maxItems;
  }

  boolean steppingAside() {
    return stepAside;
  }

  /**
   * Hands a merged batch on. On failure, the items that are not the caller's ({@code ownItems} of them are) are
   * counted as lost, and the failure is rethrown when some are the caller's, so that its client sees it.
   */
  void merged(Batch batch, boolean bySize, int ownItems) {
    try {
      next.consume(batch);
      accepted(bySize, batch.itemCount());
    } catch (RuntimeException e) {
      long lost = batch.itemCount() - (long) ownItems;
      boolean retryable = e instanceof ConsumeException ce && ce.retryable();
      if (lost > 0) {
        meters.lost(Loss.REFUSED, lost);
        warnings.warn("processor " + id + ": a batch of " + batch.itemCount() + " " + unit(signal) + " was refused"
            + " further on (" + e.getMessage() + "); " + lost + " of them, whose clients had been answered, are lost"
            + (retryable ? "; requests go on one by one until one is accepted" : ""));
      }
      if (retryable) {
        stepAside = true;
      }
      if (ownItems > 0) {
        throw e;
      }
    }
  }

  /**
   * Hands one request on as it came, split at {@code send_batch_max_size}, on the caller's thread, which gets the
   * outcome: the first part refused ends it.
   */
  void alone(Batch request) {
    for (Batch part : BatchSplitter.split(request, maxItems)) {
      next.consume(part);
      accepted(true, part.itemCount());
    }
  }

  /** Hands on a batch whose time is up, split at {@code send_batch_max_size}; refusals are counted, never thrown. */
  void due(Batch batch) {
    for (Batch part : BatchSplitter.split(batch, maxItems)) {
      merged(part, false, 0);
    }
  }

  /** Hands on what was held at shutdown, split at {@code send_batch_max_size}; what is refused is counted as lost. */
  void atShutdown(Batch batch) {
    List<Batch> parts = BatchSplitter.split(batch, maxItems);
    for (Batch part : parts) {
      try {
        next.consume(part);
        meters.sent(false, part.itemCount());
      } catch (RuntimeException e) {
        meters.lost(Loss.SHUTDOWN, part.itemCount());
        LOG.warn("processor {}: {} {} held at shutdown could not be handed on: {}", id, part.itemCount(),
            unit(signal), e.getMessage());
      }
    }
  }

  private void accepted(boolean bySize, int items) {
    meters.sent(bySize, items);
    if (stepAside) {
      stepAside = false;
    }
  }

  static String unit(Signal signal) {
    return switch (signal) {
      case TRACES -> "spans";
      case LOGS -> "log records";
      case METRICS -> "data points";
    };
  }
}
