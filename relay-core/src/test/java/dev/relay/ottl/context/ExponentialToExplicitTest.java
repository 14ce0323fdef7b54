package dev.relay.ottl.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.ottl.context.ExponentialToExplicit.ConversionException;
import dev.relay.ottl.context.ExponentialToExplicit.Distribution;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The redistribution of exponential buckets into explicit ones, with inputs and expected values from contrib's
 * pkg/expohisto/conversion/exponential_test.go (cited per test), which the transform processor's
 * convert_exponential_histogram_to_histogram calls.
 */
class ExponentialToExplicitTest {
  private static long[] convert(ExponentialHistogramDataPoint.Builder p, double[] bounds, Distribution d)
      throws ConversionException {
    SplittableRandom offsets = new SplittableRandom(42);
    return new ExponentialToExplicit(bounds, d, offsets::nextLong).convert(p);
  }

  private static ExponentialHistogramDataPoint.Builder point(long count, int scale) {
    return ExponentialHistogramDataPoint.newBuilder().setCount(count).setScale(scale);
  }

  private static ExponentialHistogramDataPoint.Buckets buckets(int offset, long... counts) {
    ExponentialHistogramDataPoint.Buckets.Builder b = ExponentialHistogramDataPoint.Buckets.newBuilder()
        .setOffset(offset);
    for (long c : counts) {
      b.addBucketCounts(c);
    }
    return b.build();
  }

  @Test
  void alignedBucketLandsWholeInItsExplicitBucket() throws Exception {
    // TestToExplicitAlignedBuckets: (1, 2] into bounds [1, 2]
    for (Distribution d : Distribution.values()) {
      assertThat(convert(point(8, 0).setPositive(buckets(0, 8)), new double[] {1, 2}, d)).as(d.name())
          .containsExactly(0, 8, 0);
    }
  }

  @Test
  void zeroNegativeAndPositiveRangesAreAllConverted() throws Exception {
    // TestToExplicitAllRanges: zero bucket [-1, 1] with 8, (-2, -1] with 4 and (1, 2] with 4, uniform
    ExponentialHistogramDataPoint.Builder p = point(16, 0).setZeroThreshold(1).setZeroCount(8)
        .setPositive(buckets(0, 4)).setNegative(buckets(0, 4));
    assertThat(convert(p, new double[] {-2, -1, 0, 1, 2}, Distribution.UNIFORM)).containsExactly(0, 4, 4, 4, 4, 0);
  }

  @Test
  void aBucketAboveTheLastBoundGoesToTheOverflowBucket() throws Exception {
    // TestToExplicitOverflow: (1024, 2048] into bounds [1, 2, 3]
    for (Distribution d : Distribution.values()) {
      assertThat(convert(point(5, 0).setPositive(buckets(10, 5)), new double[] {1, 2, 3}, d)).as(d.name())
          .containsExactly(0, 0, 0, 5);
    }
  }

  @Test
  void zeroCountWithoutAThresholdIsAPointAtZero() throws Exception {
    // TestToExplicitZeroPoint
    for (Distribution d : Distribution.values()) {
      assertThat(convert(point(3, 0).setZeroCount(3), new double[] {-1, 0, 1}, d)).as(d.name())
          .containsExactly(0, 3, 0, 0);
    }
  }

  @Test
  void everyDistributionConservesTheCount() throws Exception {
    // TestToExplicitConservesCounts
    ExponentialHistogramDataPoint.Builder p = point(39, 3).setZeroThreshold(0.01).setZeroCount(7)
        .setPositive(buckets(-5, 2, 3, 5, 7)).setNegative(buckets(-2, 4, 5, 6));
    double[] bounds = {-10, -1, -0.1, 0, 0.1, 1, 10};
    for (Distribution d : Distribution.values()) {
      long[] counts = convert(p, bounds, d);
      assertThat(counts).as(d.name()).hasSize(8);
      assertThat(Arrays.stream(counts).sum()).as(d.name()).isEqualTo(39);
    }
  }

  @Test
  void negativeBucketsMirrorPositiveOnes() throws Exception {
    // TestToExplicitSignSymmetry
    double[] bounds = {-4, -2, -1, 0, 1, 2, 4};
    long[] positive = convert(point(9, 0).setPositive(buckets(0, 4, 5)), bounds, Distribution.UNIFORM);
    long[] negative = convert(point(9, 0).setNegative(buckets(0, 4, 5)), bounds, Distribution.UNIFORM);
    long[] reversed = new long[negative.length];
    for (int i = 0; i < negative.length; i++) {
      reversed[i] = negative[negative.length - 1 - i];
    }
    assertThat(reversed).containsExactly(positive);
    assertThat(positive).containsExactly(0, 0, 0, 0, 0, 4, 5, 0);
  }

  @Test
  void generatedHistogramsKeepTheirCount() throws Exception {
    // TestToExplicitGeneratedInvariants, with Java's seeded generator in place of Go's PCG(1, 2)
    SplittableRandom rng = new SplittableRandom(12);
    for (int n = 0; n < 1000; n++) {
      int scale = rng.nextInt(31) - 10;
      int maxBuckets = 8;
      int offset = rng.nextInt(8) - 4;
      if (scale < -6) {
        maxBuckets = 1;
        offset = 0;
      }
      long[] positive = new long[rng.nextInt(maxBuckets + 1)];
      long[] negative = new long[rng.nextInt(maxBuckets + 1)];
      long zeroCount = rng.nextLong(100);
      long count = zeroCount;
      for (int i = 0; i < positive.length; i++) {
        positive[i] = rng.nextLong(100);
        count += positive[i];
      }
      for (int i = 0; i < negative.length; i++) {
        negative[i] = rng.nextLong(100);
        count += negative[i];
      }
      double[] bounds = new double[rng.nextInt(20) + 1];
      for (int i = 0; i < bounds.length; i++) {
        bounds[i] = (i * 10 + rng.nextInt(9)) - bounds.length * 5.0;
      }
      Arrays.sort(bounds);
      ExponentialHistogramDataPoint.Builder p = point(count, scale).setZeroThreshold(rng.nextDouble())
          .setZeroCount(zeroCount).setPositive(buckets(offset, positive)).setNegative(buckets(offset, negative));
      for (Distribution d : Distribution.values()) {
        long[] counts = convert(p, bounds, d);
        assertThat(counts).hasSize(bounds.length + 1);
        assertThat(Arrays.stream(counts).sum()).as("case %d %s", n, d).isEqualTo(count);
      }
    }
  }

  @Test
  void systematicRoundingIsRightOnAverage() {
    // TestSystematicRounding: 101 split 0.1/0.2/0.3/0.4 over 4096 evenly spaced offsets
    long count = 101;
    double[] probabilities = {0.1, 0.2, 0.3, 0.4};
    long[] sums = new long[probabilities.length];
    int trials = 4096;
    for (int trial = 0; trial < trials; trial++) {
      long offset = (long) trial << 52;
      double cumulative = 0;
      long previous = 0;
      for (int i = 0; i < probabilities.length; i++) {
        long next;
        if (i == probabilities.length - 1) {
          next = count;
        } else {
          cumulative += probabilities[i];
          next = ExponentialToExplicit.roundedPrefix(count, cumulative, offset);
        }
        sums[i] += next - previous;
        previous = next;
      }
    }
    for (int i = 0; i < probabilities.length; i++) {
      assertThat((double) sums[i] / trials).isCloseTo(count * probabilities[i],
          org.assertj.core.api.Assertions.offset(0.01));
    }
  }

  /** The input of contrib's transform tests (func_convert_exponential_hist_to_explicit_hist_test.go). */
  private static ExponentialHistogramDataPoint.Builder contribTransformPoint() {
    return point(44, 0).setPositive(buckets(5, 10, 22, 12));
  }

  private static final double[] TENS = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};

  @Test
  void upperMidpointAndUniformOnTheTransformTestsInput() throws Exception {
    // (32, 64] x10, (64, 128] x22, (128, 256] x12. Worked by hand from contrib's current algorithm; the transform
    // tests' own figures are of the earlier one, which had no overflow bucket.
    assertThat(convert(contribTransformPoint(), TENS, Distribution.UPPER))
        .containsExactly(0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 34);
    assertThat(convert(contribTransformPoint(), TENS, Distribution.MIDPOINT))
        .containsExactly(0, 0, 0, 0, 10, 0, 0, 0, 0, 22, 12);
    // uniform rounds each running total up: 10 x 8/32 = 2.5 -> 3, then 5.625 -> 6, 8.75 -> 9, and so on
    assertThat(convert(contribTransformPoint(), TENS, Distribution.UNIFORM))
        .containsExactly(0, 0, 0, 3, 3, 3, 4, 3, 3, 4, 21);
  }

  @Test
  void randomPutsEachCountInABucketItsSourceOverlaps() throws Exception {
    // The random split depends on Go's generator, so its invariants are tested: per source bucket, over many seeds,
    // the count is conserved and lands only in explicit buckets that overlap it (TestRandom_... in the transform
    // tests checks the same: nothing below 30, something in the overflow bucket).
    long[][] sources = {{10, 0, 0}, {0, 22, 0}, {0, 0, 12}};
    int[][] overlapping = {{3, 6}, {6, 10}, {10, 10}};
    for (long seed = 0; seed < 200; seed++) {
      SplittableRandom offsets = new SplittableRandom(seed);
      ExponentialToExplicit random = new ExponentialToExplicit(TENS, Distribution.RANDOM, offsets::nextLong);
      for (int s = 0; s < sources.length; s++) {
        long total = Arrays.stream(sources[s]).sum();
        long[] counts = random.convert(point(total, 0).setPositive(buckets(5, sources[s])));
        assertThat(Arrays.stream(counts).sum()).isEqualTo(total);
        for (int i = 0; i < counts.length; i++) {
          if (i < overlapping[s][0] || i > overlapping[s][1]) {
            assertThat(counts[i]).as("seed %d source %d bucket %d", seed, s, i).isZero();
          }
        }
      }
      long[] all = random.convert(contribTransformPoint());
      assertThat(Arrays.stream(all).sum()).isEqualTo(44);
      assertThat(all[0] + all[1] + all[2]).isZero();
      assertThat(all[10]).isGreaterThanOrEqualTo(12);
    }
  }

  @Test
  void theExtremeBucketsMapToTheFloatRange() throws Exception {
    // the last positive bucket at scale 0 (index 1023) reaches past MaxFloat64: its upper bound is MaxFloat64
    long[] counts = convert(point(1, 0).setPositive(buckets(1023, 1)), new double[] {1}, Distribution.UNIFORM);
    assertThat(counts).containsExactly(0, 1);
    assertThatThrownBy(() -> convert(point(1, 0).setPositive(buckets(1024, 1)), new double[] {1},
        Distribution.UPPER)).hasMessage("positive buckets: bucket boundary index 1024: overflow");
    // and so does the first negative one: (-MaxFloat64, -2^1023] lies below the first bound
    assertThat(convert(point(1, 0).setNegative(buckets(1023, 1)), new double[] {1}, Distribution.UPPER))
        .containsExactly(1, 0);
    assertThatThrownBy(() -> convert(point(1, 0).setPositive(buckets(-1024, 1)), new double[] {1},
        Distribution.UPPER)).hasMessage("positive buckets: bucket boundary index -1024: underflow");
    assertThat(ExponentialBoundaries.of(-2).lower(3)).isEqualTo(4096.0);
    assertThat(ExponentialBoundaries.of(3).lower(12)).isCloseTo(Math.pow(2, 1.5),
        org.assertj.core.api.Assertions.offset(1e-15));
    assertThat(ExponentialBoundaries.of(20).lower(-1022 << 20)).isEqualTo(Double.MIN_NORMAL);
  }

  @Test
  void pointsThatCannotBeConvertedSayWhy() {
    // TestToExplicitValidation
    assertThat(ExponentialToExplicit.invalid(new double[0], "random")).isEqualTo("explicit bounds cannot be empty");
    assertThat(ExponentialToExplicit.invalid(new double[] {2, 1}, "random"))
        .isEqualTo("explicit bounds are not strictly increasing at index 1: 1 <= 2");
    assertThat(ExponentialToExplicit.invalid(new double[] {Double.NaN}, "random"))
        .isEqualTo("explicit bound 0 is NaN");
    assertThat(ExponentialToExplicit.invalid(new double[] {1}, "invalid")).isEqualTo("invalid distribution \"invalid\"");
    assertThat(ExponentialToExplicit.invalid(new double[] {0.5, 1e21}, "upper")).isNull();
    assertThatThrownBy(() -> convert(point(0, 21), new double[] {1}, Distribution.RANDOM))
        .hasMessage("invalid exponential histogram scale 21: scale out of bounds");
    assertThatThrownBy(() -> convert(point(0, -11), new double[] {1}, Distribution.RANDOM))
        .hasMessage("invalid exponential histogram scale -11: scale too low");
    assertThatThrownBy(() -> convert(point(2, 0).setZeroCount(1), new double[] {1}, Distribution.RANDOM))
        .hasMessage("source histogram count 2 does not match bucket count 1");
    assertThatThrownBy(() -> convert(point(0, 0).setZeroThreshold(-1), new double[] {1}, Distribution.RANDOM))
        .hasMessage("invalid zero threshold: -1");
    assertThatThrownBy(() -> convert(point(-1, 0).setZeroCount(-1).setPositive(buckets(0, 1)), new double[] {1},
        Distribution.RANDOM)).hasMessage("source histogram bucket count overflow");
  }

  @Test
  void floatsPrintAsGoPrintsThem() {
    assertThat(ExponentialToExplicit.goFloat(2)).isEqualTo("2");
    assertThat(ExponentialToExplicit.goFloat(0.1)).isEqualTo("0.1");
    assertThat(ExponentialToExplicit.goFloat(1e21)).isEqualTo("1e+21");
    assertThat(ExponentialToExplicit.goFloat(123456789.0)).isEqualTo("123456789");
    assertThat(ExponentialToExplicit.goFloat(0.00001234)).isEqualTo("1.234e-05");
    assertThat(ExponentialToExplicit.goFloat(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }
}
