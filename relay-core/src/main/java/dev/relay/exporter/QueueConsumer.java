package dev.relay.exporter;

import dev.relay.otlp.Signal;
import dev.relay.otlp.Batch;
import dev.relay.queue.ExportQueue;
import dev.relay.queue.QueueEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * One consumer thread of an exporter's queue: takes merged batches from its {@link Batcher}, delivers them through
 * the {@link RetryLoop}, and tells the queue which entries are done (delivered or dropped for good). Stops when the
 * exporter stops accepting and the queue is empty, or when told to stop now.
 */
final class QueueConsumer implements Runnable {
  private final ExportQueue<Batch> queue;
  private final Batcher batcher;
  private final RetryLoop retry;
  private final BatchSender sender;
  private final CallerSends callerSends;
  private final ExporterMeters meters;
  private final RunState state;

  QueueConsumer(ExportQueue<Batch> queue, Batcher batcher, RetryLoop retry, BatchSender sender,
      CallerSends callerSends, ExporterMeters meters, RunState state) {
    this.queue = queue;
    this.batcher = batcher;
    this.retry = retry;
    this.sender = sender;
    this.callerSends = callerSends;
    this.meters = meters;
    this.state = state;
  }

  @Override
  public void run() {
    while (!state.stoppingNow()) {
      List<QueueEntry<Batch>> entries;
      try {
        entries = batcher.next(sender.hasBacklog());
      } catch (InterruptedException e) {
        break;
      }
      if (entries.isEmpty()) {
        callerSends.lock();
        try {
          sender.idle();
        } finally {
          callerSends.unlock();
        }
        if (!state.accepting()) {
          return;
        }
        continue;
      }
      callerSends.lock();
      try {
        deliver(entries);
      } finally {
        callerSends.unlock();
        callerSends.delivered(entries.size());
      }
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    QueueEntry<Batch> carry = batcher.carried();
    if (carry != null && !queue.persistent()) {
      meters.dropped(carry.item().signal(), DropReason.SHUTDOWN, carry.item().itemCount());
    }
  }

  private void deliver(List<QueueEntry<Batch>> entries) {
    List<Batch> batches = new ArrayList<>(entries.size());
    int items = 0;
    for (QueueEntry<Batch> e : entries) {
      batches.add(e.item());
      items += e.item().itemCount();
    }
    Signal signal = batches.get(0).signal();
    RetryLoop.Outcome outcome = retry.sendGuarded(batches, items, state.drainDeadline());
    if (outcome == RetryLoop.Outcome.SPLIT) {
      // One client's bad request must not cost the others theirs: send the merged batches one by one.
      for (QueueEntry<Batch> e : entries) {
        deliver(List.of(e));
      }
      return;
    }
    if (outcome == RetryLoop.Outcome.ABANDONED) {
      if (queue.persistent()) {
        return; // not done: sent again after the next start
      }
      meters.dropped(signal, DropReason.SHUTDOWN, items);
    }
    for (QueueEntry<Batch> e : entries) {
      queue.done(e);
    }
  }
}
