package dev.relay.processor.probabilisticsampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Thresholds, t-values and the hash, against the values in the Collector's own tests. */
class SamplingTest {
  @Test
  void fnvMatchesTheCollectorsAnchors() {
    // TestEmptyHashFunction: no bytes, and 16 zero bytes, under seed 0.
    assertThat(HashRandomness.fnv1a(new byte[0], 0) & 0x3fff).isEqualTo(0x3515);
    assertThat(HashRandomness.fnv1a(new byte[16], 0) & 0x3fff).isEqualTo(0x2455);
  }

  /** Test_tracesamplerprocessor_HashSeedTraceState: the 14-bit rounding shows (e668, not e666). */
  @ParameterizedTest(name = "{0}% -> th:{1}")
  @CsvSource({"100, 0", "75, 4", "50, 8", "25, c", "10, e668", "33.333332, aaac", "15.3, d8d8"})
  void hashSeedThresholds(float pct, String tValue) {
    assertThat(Sampling.tValue(HashRandomness.threshold(pct))).isEqualTo(tValue);
  }

  @Test
  void aPercentageBelowOneBucketSamplesNothing() {
    assertThat(HashRandomness.threshold(0.006f)).isEqualTo(Sampling.NEVER);
    assertThat(Sampling.tValue(HashRandomness.threshold(0.01f))).isEqualTo("fffc");
  }

  @Test
  void hashRandomnessPutsTheBucketWhereAThresholdSeesIt() {
    // h < accepted exactly when (16384 - accepted) << 42 <= randomness.
    byte[] id = new byte[16];
    for (int i = 0; i < 2000; i++) {
      id[15] = (byte) i;
      id[14] = (byte) (i >> 8);
      int h = HashRandomness.fnv1a(id, 7) & 0x3fff;
      long threshold = HashRandomness.threshold(50f);
      assertThat(Sampling.shouldSample(threshold, HashRandomness.randomness(id, 7))).isEqualTo(h < 8192);
    }
  }

  @ParameterizedTest(name = "{0} at precision {1} -> {2}")
  @CsvSource({"0.01, 4, fd70a", "0.01, 3, fd71", "0.01, 0, fd70a3d70a3d71", "0.4, 3, 99a", "0.4, 6, 99999a",
      "0.2, 6, cccccd", "0.5, 4, 8", "1, 4, 0", "0.25, 1, c"})
  void probabilityToThreshold(double probability, int precision, String tValue) {
    assertThat(Sampling.tValue(Sampling.probabilityToThreshold(probability, precision))).isEqualTo(tValue);
  }

  @Test
  void probabilitiesOutOfRange() {
    assertThat(Sampling.probabilityToThreshold(0, 4)).isEqualTo(Sampling.OUT_OF_RANGE);
    assertThat(Sampling.probabilityToThreshold(1.5, 4)).isEqualTo(Sampling.OUT_OF_RANGE);
    assertThat(Sampling.probabilityToThreshold(Double.NaN, 4)).isEqualTo(Sampling.OUT_OF_RANGE);
  }

  @Test
  void tValuesAndRValues() {
    assertThat(Sampling.parseTValue("8")).isEqualTo(1L << 55);
    assertThat(Sampling.parseTValue("80000000000000")).isEqualTo(1L << 55);
    assertThat(Sampling.tValue(Sampling.ALWAYS)).isEqualTo("0");
    assertThat(Sampling.tValue(Sampling.NEVER)).isEmpty();
    assertThat(Sampling.rValue(0xaabbccddeeffL)).isEqualTo("00aabbccddeeff");
    assertThat(Sampling.parseRValue("FD70A3D70A3D71")).isEqualTo(0xfd70a3d70a3d71L);
    assertThatThrownBy(() -> Sampling.parseRValue("abababababababab")).hasMessage("r-value must have 14 hex digits");
    assertThatThrownBy(() -> Sampling.parseTValue("abababababababab")).hasMessage("t-value exceeds 14 hex digits");
    assertThatThrownBy(() -> Sampling.parseTValue("-1")).hasMessageContaining("invalid syntax");
    assertThat(Sampling.traceIdRandomness(SamplerFixture.id("fefefefefefefefefe80000000000000")))
        .isEqualTo(0x80000000000000L);
  }

  @Test
  void traceStateRoundTrips() {
    TraceState ts = TraceState.parse(" congo=t61rcWkgMzE ,ot=th:8;xx:yy , rojo=1");
    assertThat(ts.error()).isNull();
    assertThat(ts.hasThreshold()).isTrue();
    assertThat(ts.updateThreshold(Sampling.parseTValue("c"))).isTrue();
    assertThat(ts.serialize()).isEqualTo("ot=th:c;xx:yy,congo=t61rcWkgMzE,rojo=1");
    assertThat(ts.updateThreshold(Sampling.parseTValue("8"))).as("cannot raise a probability").isFalse();
    assertThat(TraceState.parse("ot=th:8;").error()).isEqualTo("invalid syntax");
    assertThat(TraceState.parse("a=1,".repeat(32)).error()).isEqualTo("invalid tracestate size");
  }

  @Test
  void attributeTextIsPcommonsAsString() {
    assertThat(AttributeBytes.doubleText(1.5)).isEqualTo("1.5");
    assertThat(AttributeBytes.doubleText(2.0)).isEqualTo("2");
    assertThat(AttributeBytes.doubleText(1e21)).isEqualTo("1e+21");
    assertThat(AttributeBytes.doubleText(1.5e-7)).isEqualTo("1.5e-7");
    assertThat(AttributeBytes.doubleText(1.5e-10)).isEqualTo("1.5e-10");
    assertThat(AttributeBytes.doubleText(123456.0)).isEqualTo("123456");
  }
}
