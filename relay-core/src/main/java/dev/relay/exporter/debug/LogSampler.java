package dev.relay.exporter.debug;

import java.util.function.LongSupplier;

/**
 * The Collector's sampling of the debug exporter's output: within each second, the first {@code initial} entries are
 * logged, then every {@code thereafter}th ({@code 1}: all of them; {@code 0}: none after the initial ones). One
 * sampler counts one kind of entry (one signal's batches). Called by the exporter's one writer thread only.
 */
final class LogSampler {
  private static final long SECOND = 1_000_000_000L;

  private final int initial;
  private final int thereafter;
  private final LongSupplier nanoTime;
  private long tick = Long.MIN_VALUE;
  private long count;

  LogSampler(int initial, int thereafter, LongSupplier nanoTime) {
    this.initial = initial;
    this.thereafter = thereafter;
    this.nanoTime = nanoTime;
  }

  /** Whether the next entry is logged. */
  boolean sample() {
    long now = Math.floorDiv(nanoTime.getAsLong(), SECOND);
    if (now != tick) {
      tick = now;
      count = 0;
    }
    long n = ++count;
    if (n <= initial) {
      return true;
    }
    return thereafter > 0 && (n - initial) % thereafter == 0;
  }
}
