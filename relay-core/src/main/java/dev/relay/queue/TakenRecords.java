package dev.relay.queue;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Records taken by consumers and not yet forgotten, oldest first. They are done in any order; the cursor may only move
 * past the oldest ones once all of them are done. Guarded by the queue's lock.
 */
final class TakenRecords {
  private final ArrayDeque<RecordRef> taken = new ArrayDeque<>();
  /** Sequence numbers done while an older taken record was not. */
  private final Set<Long> doneSeqs = new HashSet<>();

  void add(RecordRef ref) {
    taken.add(ref);
  }

  /** Forgets that {@code ref} was taken (it goes back to the queue); false if it was not taken. */
  boolean remove(RecordRef ref) {
    return taken.remove(ref);
  }

  /** The oldest taken record, or null. */
  RecordRef oldest() {
    return taken.peekFirst();
  }

  /**
   * Marks the record {@code seq} done. Returns the newest of the records that are now done from the oldest on, which
   * the cursor may move past, or null when the oldest taken record is still not done.
   */
  RecordRef done(long seq) {
    doneSeqs.add(seq);
    RecordRef head = null;
    while (!taken.isEmpty() && doneSeqs.remove(taken.peekFirst().seq())) {
      head = taken.pollFirst();
    }
    return head;
  }
}
