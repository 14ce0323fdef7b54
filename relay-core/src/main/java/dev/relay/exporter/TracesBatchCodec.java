package dev.relay.exporter;

import dev.relay.otlp.TracesBatch;
import dev.relay.queue.PersistentQueue;

/** Stores a batch as the request bytes with its span count beside them. */
final class TracesBatchCodec implements PersistentQueue.Codec<TracesBatch> {
  static final TracesBatchCodec INSTANCE = new TracesBatchCodec();

  private TracesBatchCodec() {}

  @Override
  public byte[] bytes(TracesBatch item) {
    return item.bytes();
  }

  @Override
  public long meta(TracesBatch item) {
    return item.spanCount();
  }

  @Override
  public TracesBatch decode(byte[] bytes, long meta) {
    if (meta < 0 || meta > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("bad span count " + meta);
    }
    return TracesBatch.fromStored(bytes, (int) meta);
  }
}
