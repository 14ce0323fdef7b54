package dev.relay.ottl.context;

/**
 * The lower boundary of an exponential histogram bucket index at one scale, as contrib's pkg/expohisto mapping
 * computes it: exact powers of two for scales -10 to 0, {@code exp(index * ln2 / 2^scale)} for scales 1 to 20, with
 * the same special cases at the ends of the normal float range. StrictMath keeps the results the same everywhere.
 */
final class ExponentialBoundaries {
  static final int MIN_SCALE = -10;
  static final int MAX_SCALE = 20;
  private static final int MIN_NORMAL_EXPONENT = -1022;
  private static final int MAX_NORMAL_EXPONENT = 1023;
  private static final double LN2 = 0.6931471805599453;

  /** An index whose boundary is beyond the float range: its message is the Collector's. */
  static final class OutOfRange extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean overflow;

    OutOfRange(boolean overflow) {
      super(overflow ? "overflow" : "underflow", null, false, false);
      this.overflow = overflow;
    }
  }

  private final int scale;
  private final double inverseFactor;

  private ExponentialBoundaries(int scale) {
    this.scale = scale;
    this.inverseFactor = Math.scalb(LN2, -scale);
  }

  /** The boundaries at {@code scale}, or null when the scale is outside -10..20. */
  static ExponentialBoundaries of(int scale) {
    return scale < MIN_SCALE || scale > MAX_SCALE ? null : new ExponentialBoundaries(scale);
  }

  /** Why {@link #of} refused {@code scale}, in the Collector's words. */
  static String refusal(int scale) {
    return scale < MIN_SCALE ? "scale too low" : "scale out of bounds";
  }

  double lower(int index) throws OutOfRange {
    return scale <= 0 ? powerOfTwo(index) : logarithmic(index);
  }

  private double powerOfTwo(int index) throws OutOfRange {
    int shift = -scale;
    int min = (MIN_NORMAL_EXPONENT >> shift) - (shift < 2 ? 1 : 0);
    if (index < min) {
      throw new OutOfRange(false);
    }
    if (index > MAX_NORMAL_EXPONENT >> shift) {
      throw new OutOfRange(true);
    }
    return Math.scalb(1.0, index << shift);
  }

  private double logarithmic(int index) throws OutOfRange {
    int max = ((MAX_NORMAL_EXPONENT + 1) << scale) - 1;
    int min = MIN_NORMAL_EXPONENT << scale;
    if (index >= max) {
      if (index == max) {
        // exp() of the last index is +Inf; one power of two lower, doubled, is not
        return 2 * StrictMath.exp((index - (1 << scale)) * inverseFactor);
      }
      throw new OutOfRange(true);
    }
    if (index <= min) {
      if (index == min) {
        return Double.MIN_NORMAL;
      }
      if (index == min - 1) {
        return StrictMath.exp((index + (1 << scale)) * inverseFactor) / 2;
      }
      throw new OutOfRange(false);
    }
    return StrictMath.exp(index * inverseFactor);
  }
}
