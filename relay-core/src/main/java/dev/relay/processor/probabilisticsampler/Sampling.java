package dev.relay.processor.probabilisticsampler;

import com.google.protobuf.ByteString;

/**
 * The arithmetic of OpenTelemetry consistent probability sampling, as the Collector's {@code pkg/sampling} does it.
 * A <em>threshold</em> is the number of 56-bit random values that are rejected, in {@code [0, 2^56]}: 0 samples
 * everything, {@code 2^56} nothing. A <em>randomness</em> is a 56-bit value in {@code [0, 2^56 - 1]}. An item is
 * sampled when {@code threshold <= randomness}. Thresholds travel as t-values (up to 14 hex digits, trailing zeros
 * dropped: {@code th:c} is 25%), randomness as r-values (exactly 14 hex digits).
 */
final class Sampling {
  static final long MAX_ADJUSTED_COUNT = 1L << 56;
  static final long ALWAYS = 0;
  static final long NEVER = MAX_ADJUSTED_COUNT;
  static final long ALL_PROBABILITIES_RANDOMNESS = MAX_ADJUSTED_COUNT - 1;
  static final int HEX_DIGITS = 14;
  static final double MIN_PROBABILITY = 1.0 / MAX_ADJUSTED_COUNT;
  /** What {@link #probabilityToThreshold} returns for a probability outside {@code [2^-56, 1]}. */
  static final long OUT_OF_RANGE = -1;

  private Sampling() {}

  static boolean shouldSample(long threshold, long randomness) {
    return threshold <= randomness;
  }

  /** True for a trace id of 16 zero bytes (or none at all), which W3C calls invalid. */
  static boolean isEmptyTraceId(ByteString traceId) {
    for (int i = 0; i < traceId.size(); i++) {
      if (traceId.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }

  /** The W3C level 2 randomness of a trace id: its last 7 bytes, big-endian. */
  static long traceIdRandomness(ByteString traceId) {
    long r = 0;
    int n = traceId.size();
    for (int i = Math.max(0, n - 7); i < n; i++) {
      r = (r << 8) | (traceId.byteAt(i) & 0xff);
    }
    return r;
  }

  /** 14 lower-case hex digits, zero-padded. */
  static String rValue(long randomness) {
    String hex = Long.toHexString(randomness);
    return "0".repeat(HEX_DIGITS - hex.length()) + hex;
  }

  /** The t-value of a threshold: {@code 0} for always, empty for never, else the digits without trailing zeros. */
  static String tValue(long threshold) {
    if (threshold == ALWAYS) {
      return "0";
    }
    if (threshold == NEVER) {
      return "";
    }
    String digits = rValue(threshold);
    int end = digits.length();
    while (end > 0 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return digits.substring(0, end);
  }

  /** Parses a t-value; throws with the Collector's message when it is not one. */
  static long parseTValue(String s) {
    if (s.length() > HEX_DIGITS) {
      throw new IllegalArgumentException("t-value exceeds 14 hex digits");
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("t-value is empty");
    }
    return parseHex(s) << (4 * (HEX_DIGITS - s.length()));
  }

  /** Parses an r-value; throws with the Collector's message when it is not one. */
  static long parseRValue(String s) {
    if (s.length() != HEX_DIGITS) {
      throw new IllegalArgumentException("r-value must have 14 hex digits");
    }
    return parseHex(s);
  }

  private static long parseHex(String s) {
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0 || s.charAt(i) > 'f') {
        throw new IllegalArgumentException("strconv.ParseUint: parsing \"" + s + "\": invalid syntax");
      }
      v = (v << 4) | d;
    }
    return v;
  }

  /** The sampling probability a threshold stands for. */
  static double probability(long threshold) {
    return (double) (MAX_ADJUSTED_COUNT - threshold) / MAX_ADJUSTED_COUNT;
  }

  /**
   * The threshold for {@code fraction} with {@code precision} significant hex digits (0 is all 14), rounded to the
   * nearest as {@code ProbabilityToThresholdWithPrecision} does: precision grows by one digit for every leading hex
   * {@code 0} or {@code f} the threshold will have, so that probabilities near 0 or 1 keep their relative accuracy.
   * {@link #OUT_OF_RANGE} when {@code fraction} is not in {@code [2^-56, 1]}.
   */
  static long probabilityToThreshold(double fraction, int precision) {
    if (precision == 0) {
      precision = HEX_DIGITS;
    }
    if (!(fraction >= MIN_PROBABILITY && fraction <= 1)) {
      return OUT_OF_RANGE;
    }
    if (fraction == 1) {
      return ALWAYS;
    }
    // Go's math.Frexp exponent (mantissa in [0.5, 1)) is Java's getExponent + 1 for normal numbers.
    int expF = Math.getExponent(fraction) + 1;
    int expR = Math.getExponent(1 - fraction) + 1;
    precision = Math.min(HEX_DIGITS, Math.max(precision + expF / -4, precision + expR / -4));
    long scaled = Math.round(fraction * MAX_ADJUSTED_COUNT);
    long threshold = MAX_ADJUSTED_COUNT - scaled;
    int shift = 4 * (HEX_DIGITS - precision);
    if (shift != 0) {
      long half = 1L << (shift - 1);
      threshold += half;
      threshold >>>= shift;
      threshold <<= shift;
    }
    return threshold;
  }
}
