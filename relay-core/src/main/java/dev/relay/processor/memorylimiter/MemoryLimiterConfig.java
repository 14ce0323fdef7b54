package dev.relay.processor.memorylimiter;

import java.time.Duration;

/**
 * Settings of one {@code memory_limiter} processor, as written: exactly one of {@code limitMib} and
 * {@code limitPercentage} is above zero; a spike of 0 means the default, a fifth of the limit.
 */
record MemoryLimiterConfig(
    Duration checkInterval, long limitMib, long spikeLimitMib, int limitPercentage, int spikeLimitPercentage) {
  static final long MIB = 1024L * 1024L;

  /** The limits in bytes; {@code totalMemory} (the max heap) is only used for percentages. */
  Limits limits(long totalMemory) {
    long hard;
    long spike;
    if (limitMib > 0) {
      hard = limitMib * MIB;
      spike = spikeLimitMib * MIB;
    } else {
      hard = totalMemory * limitPercentage / 100;
      spike = totalMemory * spikeLimitPercentage / 100;
    }
    if (spike == 0) {
      spike = hard / 5;
    }
    return new Limits(hard, hard - spike);
  }

  /** The hard limit and the soft limit ({@code hard - spike}), in bytes. */
  record Limits(long hard, long soft) {}
}
