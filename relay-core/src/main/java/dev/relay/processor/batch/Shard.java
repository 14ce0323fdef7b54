package dev.relay.processor.batch;

import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One batcher of a batch processor: what it holds and the timer that hands it on. There is one per distinct
 * combination of {@code metadata_keys} values ({@code key}), one in all without them. Guarded by the processor's
 * lock.
 */
final class Shard {
  final List<List<String>> key;
  PendingBatch pending = new PendingBatch();
  ScheduledFuture<?> timer;

  Shard(List<List<String>> key) {
    this.key = key;
  }

  /** Takes what is held, leaving an empty batch and no timer. */
  PendingBatch take() {
    PendingBatch taken = pending;
    pending = new PendingBatch();
    cancelTimer();
    return taken;
  }

  void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
