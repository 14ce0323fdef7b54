package dev.relay.processor.probabilisticsampler;

/**
 * The {@code hash_seed} mode's randomness, as the Collector computes it: a 32-bit FNV-1a hash of the seed's four
 * bytes (least significant first) followed by the item's bytes (a trace id, or a log record attribute). Its low 14
 * bits {@code h} are the hash bucket; an item is sampled when {@code h < floor(percentage * 163.84)}. To make that
 * an OpenTelemetry randomness (sampled when {@code threshold <= randomness}), the 56-bit value is, from the most
 * significant bits: 14 bits {@code 16383 - h}, 28 bits mixed from the hash's 18 unused high bits
 * ({@code u ^ (u << 10)}), and 14 bits {@code h}.
 */
final class HashRandomness {
  static final int BUCKETS_LOG2 = 14;
  static final int BUCKETS = 1 << BUCKETS_LOG2;
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  private HashRandomness() {}

  /** FNV-1a, 32 bits, over the seed's little-endian bytes, then {@code bytes}. */
  static int fnv1a(byte[] bytes, int seed) {
    int h = FNV_OFFSET;
    for (int i = 0; i < 4; i++) {
      h ^= (seed >>> (8 * i)) & 0xff;
      h *= FNV_PRIME;
    }
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  /** The 56-bit randomness of {@code bytes} under {@code seed}. */
  static long randomness(byte[] bytes, int seed) {
    long hashed32 = fnv1a(bytes, seed) & 0xffffffffL;
    long hashed = hashed32 & (BUCKETS - 1);
    long rPrime14 = BUCKETS - 1 - hashed;
    long unused18 = hashed32 >>> (32 - BUCKETS_LOG2);
    long mixed28 = unused18 ^ (unused18 << 10);
    return (rPrime14 << 42) | (mixed28 << 14) | hashed;
  }

  /**
   * The threshold of {@code percentage} (at most 100) in this mode: {@code floor(percentage * 163.84)} buckets are
   * accepted, multiplied in 32-bit floating point as the Collector does; {@link Sampling#NEVER} when none is.
   */
  static long threshold(float percentage) {
    long accepted = (long) (percentage * (BUCKETS / 100.0f));
    if (accepted <= 0) {
      return Sampling.NEVER;
    }
    return (BUCKETS - accepted) << 42;
  }
}
