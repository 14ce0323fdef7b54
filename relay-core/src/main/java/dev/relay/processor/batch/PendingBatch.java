package dev.relay.processor.batch;

import dev.relay.otlp.Batch;
import dev.relay.otlp.Signal;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests a batch processor holds until it hands them on as one, and when the oldest of them arrived. Not
 * thread-safe: the processor guards it. Merging concatenates the requests' serialized bytes, which protobuf reads as
 * one request holding all their resources (repeated fields append), so nothing is decoded or encoded again.
 */
final class PendingBatch {
  private final List<Batch> parts = new ArrayList<>();
  private int items;
  private long bytes;
  /** {@link System#nanoTime()} when the oldest item held arrived; meaningful only when not empty. */
  private long startNanos;

  void add(Batch batch, int byteCount, long nowNanos) {
    if (parts.isEmpty()) {
      startNanos = nowNanos;
    }
    parts.add(batch);
    items += batch.itemCount();
    bytes += byteCount;
  }

  /** Puts back, ahead of what is held, the rest of a split batch whose oldest item arrived at {@code since}. */
  void addFirst(Batch rest, int byteCount, long since) {
    startNanos = parts.isEmpty() ? since : Math.min(startNanos, since);
    parts.add(0, rest);
    items += rest.itemCount();
    bytes += byteCount;
  }

  boolean isEmpty() {
    return parts.isEmpty();
  }

  int items() {
    return items;
  }

  long bytes() {
    return bytes;
  }

  long startNanos() {
    return startNanos;
  }

  /** The parts as one batch: a single part as it is, several as their bytes one after the other. */
  Batch merge(Signal signal) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("a merged batch of " + bytes + " bytes"); // never: batches end at 4 MiB
    }
    byte[] out = new byte[(int) bytes];
    int at = 0;
    for (Batch b : parts) {
      byte[] part = b.bytes();
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    // Every part was validated when it arrived, or encoded here; their concatenation is a valid request.
    return Batch.fromStored(signal, out, items);
  }
}
