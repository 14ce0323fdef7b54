package dev.relay.exporter;

import dev.relay.otlp.Signal;
import dev.relay.otlp.Batch;
import dev.relay.queue.PersistentQueue;

/** Stores a batch as its request bytes, with its signal and item count beside them. */
final class BatchCodec implements PersistentQueue.Codec<Batch> {
  static final BatchCodec INSTANCE = new BatchCodec();
  private static final Signal[] SIGNALS = Signal.values();

  private BatchCodec() {}

  @Override
  public byte[] bytes(Batch item) {
    return item.bytes();
  }

  @Override
  public long meta(Batch item) {
    return (long) item.signal().ordinal() << 32 | item.itemCount();
  }

  @Override
  public Batch decode(byte[] bytes, long meta) {
    int signal = (int) (meta >>> 32);
    long count = meta & 0xffff_ffffL;
    if (signal >= SIGNALS.length || count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("bad stored batch header " + Long.toHexString(meta));
    }
    return Batch.fromStored(SIGNALS[signal], bytes, (int) count);
  }
}
