package dev.relay.queue;

/**
 * Where a record of the queue is stored, with what the queue needs of it without reading it back: its sequence number
 * (a {@link QueueEntry}'s position) and its weight against the capacity.
 */
record RecordRef(long seq, Segment segment, long offset, int length, long weight) {
  /** The offset just after the record. */
  long end() {
    return offset + RecordFormat.size(length);
  }
}
