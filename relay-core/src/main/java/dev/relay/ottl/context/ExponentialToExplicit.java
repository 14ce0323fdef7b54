package dev.relay.ottl.context;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPointOrBuilder;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The bucket counts of an explicit histogram with the given bounds for one exponential histogram point, as contrib's
 * pkg/expohisto/conversion ToExplicit computes them: {@code bounds.length + 1} counts whose total is the point's
 * count. The zero bucket {@code [-zero_threshold, zero_threshold]}, then the negative buckets and then the positive
 * ones are swept in ascending order; each is placed whole at its upper bound ({@code upper}) or its midpoint
 * ({@code midpoint}), or split by the length of its overlap with each explicit bucket, rounding the running total
 * either up ({@code uniform}) or at a random offset ({@code random}), so that the split always adds up.
 */
final class ExponentialToExplicit {
  /** Why a point cannot be converted; the message is the Collector's. */
  static final class ConversionException extends Exception {
    private static final long serialVersionUID = 1L;

    ConversionException(String message) {
      super(message, null, false, false);
    }
  }

  enum Distribution { UPPER, MIDPOINT, UNIFORM, RANDOM }

  private final double[] bounds;
  private final Distribution distribution;
  private final LongSupplier roundingOffsets;

  /** For bounds and a distribution {@link #invalid} accepts; {@code random} draws its rounding offsets from there. */
  ExponentialToExplicit(double[] bounds, Distribution distribution, LongSupplier roundingOffsets) {
    this.bounds = bounds.clone();
    this.distribution = distribution;
    this.roundingOffsets = roundingOffsets;
  }

  /** The distribution named {@code name}, or null. */
  static Distribution distribution(String name) {
    return switch (name) {
      case "upper" -> Distribution.UPPER;
      case "midpoint" -> Distribution.MIDPOINT;
      case "uniform" -> Distribution.UNIFORM;
      case "random" -> Distribution.RANDOM;
      default -> null;
    };
  }

  /** What is wrong with the arguments, in the Collector's words, or null when they are usable. */
  static String invalid(double[] bounds, String distribution) {
    if (bounds.length == 0) {
      return "explicit bounds cannot be empty";
    }
    for (int i = 0; i < bounds.length; i++) {
      if (Double.isNaN(bounds[i])) {
        return "explicit bound " + i + " is NaN";
      }
      if (i != 0 && bounds[i] <= bounds[i - 1]) {
        return "explicit bounds are not strictly increasing at index " + i + ": " + goFloat(bounds[i]) + " <= "
            + goFloat(bounds[i - 1]);
      }
    }
    return distribution(distribution) == null ? "invalid distribution \"" + distribution + "\"" : null;
  }

  long[] convert(ExponentialHistogramDataPointOrBuilder p) throws ConversionException {
    double zeroThreshold = p.getZeroThreshold();
    if (Double.isNaN(zeroThreshold) || Double.isInfinite(zeroThreshold) || zeroThreshold < 0) {
      throw new ConversionException("invalid zero threshold: " + goFloat(zeroThreshold));
    }
    ExponentialBoundaries boundaries = ExponentialBoundaries.of(p.getScale());
    if (boundaries == null) {
      throw new ConversionException("invalid exponential histogram scale " + p.getScale() + ": "
          + ExponentialBoundaries.refusal(p.getScale()));
    }
    long total = p.getZeroCount();
    total = addAll(total, p.getNegative());
    total = addAll(total, p.getPositive());
    if (total != p.getCount()) {
      throw new ConversionException("source histogram count " + Long.toUnsignedString(p.getCount())
          + " does not match bucket count " + Long.toUnsignedString(total));
    }
    long[] out = new long[bounds.length + 1];
    if (p.getZeroCount() != 0) {
      new Sweep(out).distribute(-zeroThreshold, zeroThreshold, p.getZeroCount());
    }
    try {
      new Sweep(out).buckets(boundaries, p.getNegative(), true);
    } catch (ConversionException e) {
      throw new ConversionException("negative buckets: " + e.getMessage());
    }
    try {
      new Sweep(out).buckets(boundaries, p.getPositive(), false);
    } catch (ConversionException e) {
      throw new ConversionException("positive buckets: " + e.getMessage());
    }
    return out;
  }

  private static long addAll(long total, ExponentialHistogramDataPoint.Buckets buckets) throws ConversionException {
    for (int i = 0; i < buckets.getBucketCountsCount(); i++) {
      long sum = total + buckets.getBucketCounts(i);
      if (Long.compareUnsigned(sum, total) < 0) {
        throw new ConversionException("source histogram bucket count overflow");
      }
      total = sum;
    }
    return total;
  }

  /** One ascending pass over source buckets, with the explicit bucket it has reached. */
  private final class Sweep {
    private final long[] out;
    private int destination;

    Sweep(long[] out) {
      this.out = out;
    }

    void buckets(ExponentialBoundaries boundaries, ExponentialHistogramDataPoint.Buckets buckets, boolean negative)
        throws ConversionException {
      int n = buckets.getBucketCountsCount();
      if (n == 0) {
        return;
      }
      // Negative buckets are walked from the largest magnitude down, so that values still ascend.
      int position = negative ? n - 1 : 0;
      int step = negative ? -1 : 1;
      int boundaryIndex = buckets.getOffset() + (negative ? n : 0);
      double boundary = boundary(boundaries, boundaryIndex, negative);
      for (int remaining = n; remaining > 0; remaining--) {
        int nextIndex = boundaryIndex + step;
        double next = boundary(boundaries, nextIndex, !negative && remaining == 1);
        long count = buckets.getBucketCounts(position);
        if (count != 0) {
          if (negative) {
            distribute(-boundary, -next, count);
          } else {
            distribute(boundary, next, count);
          }
        }
        position += step;
        boundaryIndex = nextIndex;
        boundary = next;
      }
    }

    private double boundary(ExponentialBoundaries boundaries, int index, boolean allowOverflow)
        throws ConversionException {
      try {
        return boundaries.lower(index);
      } catch (ExponentialBoundaries.OutOfRange e) {
        if (allowOverflow && e.overflow) {
          return Double.MAX_VALUE;
        }
        throw new ConversionException("bucket boundary index " + index + ": " + e.getMessage());
      }
    }

    void distribute(double lower, double upper, long count) throws ConversionException {
      if (lower > upper) {
        throw new ConversionException("invalid bucket interval (" + goFloat(lower) + ", " + goFloat(upper) + "]");
      }
      if (lower == upper) {
        point(lower, count);
        return;
      }
      switch (distribution) {
        case UPPER -> point(upper, count);
        case MIDPOINT -> point(lower / 2 + upper / 2, count);
        case UNIFORM -> weighted(lower, upper, count, false);
        case RANDOM -> weighted(lower, upper, count, true);
      }
    }

    private void point(double value, long count) throws ConversionException {
      while (destination < bounds.length && value > bounds[destination]) {
        destination++;
      }
      add(destination, count);
    }

    /** Splits by overlap, rounding up, or at a random offset drawn once per source bucket. */
    private void weighted(double lower, double upper, long count, boolean randomized) throws ConversionException {
      double total = upper - lower;
      if (!(total > 0) || Double.isInfinite(total)) {
        throw new ConversionException("cannot distribute bucket interval (" + goFloat(lower) + ", "
            + goFloat(upper) + "]");
      }
      while (destination < bounds.length && lower >= bounds[destination]) {
        destination++;
      }
      double destinationUpper = upperBound(destination);
      if (upper <= destinationUpper) {
        add(destination, count);
        return;
      }
      long roundingOffset = randomized ? roundingOffsets.getAsLong() : -1L;
      long allocated = 0;
      double cumulative = 0;
      double overlapLower = lower;
      // Ends: each turn moves to the next explicit bucket, and the last one reaches +Inf.
      while (true) {
        double overlapUpper = Math.min(upper, destinationUpper);
        long next;
        if (overlapUpper == upper) {
          next = count;
        } else {
          cumulative += (overlapUpper - overlapLower) / total;
          next = roundedPrefix(count, cumulative, roundingOffset);
          if (Long.compareUnsigned(next, allocated) < 0) {
            next = allocated;
          }
        }
        add(destination, next - allocated);
        if (overlapUpper == upper) {
          return;
        }
        allocated = next;
        overlapLower = overlapUpper;
        destination++;
        destinationUpper = upperBound(destination);
      }
    }

    private double upperBound(int bucket) {
      return bucket == bounds.length ? Double.POSITIVE_INFINITY : bounds[bucket];
    }

    private void add(int bucket, long count) throws ConversionException {
      long sum = out[bucket] + count;
      if (Long.compareUnsigned(sum, out[bucket]) < 0) {
        throw new ConversionException("explicit histogram bucket " + bucket + " count overflow");
      }
      out[bucket] = sum;
    }
  }

  /**
   * {@code count * cumulative}, rounded with a fixed-point offset (all unsigned 64-bit): the offset's fraction of
   * one is added before truncating, so over random offsets each prefix is right on average.
   */
  static long roundedPrefix(long count, double cumulative, long roundingOffset) {
    if (cumulative <= 0) {
      return 0;
    }
    if (cumulative >= 1) {
      return count;
    }
    double scaled = Math.scalb(cumulative, 64);
    long fraction = scaled >= 0x1p64 ? -1L : unsignedLong(scaled);
    long high = unsignedMultiplyHigh(count, fraction);
    long low = count * fraction;
    if (Long.compareUnsigned(low + roundingOffset, low) < 0 && high != -1L) {
      high++;
    }
    return Long.compareUnsigned(high, count) < 0 ? high : count;
  }

  private static long unsignedLong(double x) {
    return x < 0x1p63 ? (long) x : (long) (x - 0x1p63) + Long.MIN_VALUE;
  }

  private static long unsignedMultiplyHigh(long x, long y) {
    // Math.unsignedMultiplyHigh is Java 18+
    return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
  }

  /** A float as Go's %v prints it: shortest digits, exponent form below 1e-4 and from 1e21. */
  static String goFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    BigDecimal v = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exponent = v.precision() - v.scale() - 1;
    if (exponent < -4 || exponent >= 21) {
      String digits = v.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
          + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }
    return v.toPlainString();
  }
}
