package dev.relay.processor.probabilisticsampler;

import static dev.relay.processor.probabilisticsampler.SamplerFixture.config;
import static dev.relay.testing.KeyValues.kv;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.processor.probabilisticsampler.ProbabilisticSamplerConfig.Mode;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The traces sampler decides as the Collector's does, span by span, for a table of trace ids.
 *
 * <p>{@code hash_seed} rows were computed by hand from the Collector's algorithm (and checked with an independent
 * FNV-1a, which reproduces the Collector's own anchors, see {@link SamplingTest}): FNV-1a over the seed's 4 bytes,
 * little-endian, then the 16 trace id bytes; {@code h} = the low 14 bits; the span is kept when
 * {@code h < floor(float32(pct) * float32(163.84))} (50% gives 8192, 15.3% gives 2506, 10% gives 1638); the kept
 * span's tracestate is {@code ot=rv:R;th:T}, R the 56-bit randomness {@code (16383 - h) << 42 | mix(h32 >>> 18) << 14
 * | h} and T the t-value of {@code (16384 - accepted) << 42}. The consistent-mode rows are the Collector's own test
 * table ({@code Test_tracesamplerprocessor_TraceState}), where the randomness is the last 7 trace id bytes or the
 * {@code rv}.
 */
class TracesSamplerTest {
  private static final String DEFAULT_TID = "fefefefefefefefefe80000000000000";
  private static final String IMPROBABLE_TID = "111111111111111111ffffffffffffff";

  @ParameterizedTest(name = "seed {0}, {1}%: {2} (h = {3}) -> {4}")
  @CsvSource(delimiter = '|', textBlock = """
      0    | 50   | 5b8efff798038103d269b633813fc60c | 5855  | ot=rv:a480091545d6df;th:8
      0    | 50   | 0af7651916cd43dd8448eb211c80319c | 7652  | ot=rv:886c204b10dde4;th:8
      0    | 50   | 4bf92f3577b34da6a3ce929d0e0e4736 | 141   | ot=rv:fdc80d0b42008d;th:8
      0    | 50   | 00000000000000000000000000000001 | 8898  | dropped
      0    | 50   | ffffffffffffffffffffffffffffffff | 5445  | ot=rv:aae80a44919545;th:8
      0    | 50   | 0123456789abcdef0123456789abcdef | 8725  | dropped
      22   | 15.3 | 0af7651916cd43dd8448eb211c80319c | 414   | ot=rv:f984040d03019e;th:d8d8
      22   | 15.3 | 5b8efff798038103d269b633813fc60c | 3273  | dropped
      22   | 15.3 | 000000000000000000000000000027b7 | 2505  | ot=rv:d8d803e4f909c9;th:d8d8
      22   | 15.3 | 00000000000000000000000000000c8b | 2506  | dropped
      4312 | 10   | 0af7651916cd43dd8448eb211c80319c | 1676  | dropped
      4312 | 10   | ffffffffffffffffffffffffffffffff | 1229  | ot=rv:ecc81c5414c4cd;th:e668
      4312 | 10   | fefefefefefefefefe80000000000000 | 1443  | ot=rv:e9700a8ea305a3;th:e668
      """)
  void hashSeedDecisionsMatchTheCollectorsAlgorithm(int seed, float pct, String traceId, int h, String expected) {
    var fixture = new SamplerFixture(config(pct, Mode.HASH_SEED, seed, 4, true));
    assertThat(fixture.span(traceId, "")).isEqualTo(expect(expected));
    assertThat(HashRandomness.fnv1a(SamplerFixture.id(traceId).toByteArray(), seed) & 0x3fff).isEqualTo(h);
  }

  @Test
  void hashSeedKeepsOtherVendorsEntriesAndRefusesArrivingSamplingInformation() {
    String tid = "5b8efff798038103d269b633813fc60c";
    var closed = new SamplerFixture(config(50, Mode.HASH_SEED, 0, 4, true));
    assertThat(closed.span(tid, "congo=t61rcWkgMzE, rojo=00f067aa0ba902b7"))
        .contains("ot=rv:a480091545d6df;th:8,congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    assertThat(closed.span(tid, "ot=th:8")).isEmpty();
    assertThat(closed.span(tid, "ot=rv:a480091545d6df")).isEmpty();
    var open = new SamplerFixture(config(50, Mode.HASH_SEED, 0, 4, false));
    assertThat(open.span(tid, "ot=th:8")).contains("ot=th:8"); // left alone: the mode must not rewrite it
  }

  @Test
  void anAllZeroTraceIdHasNoRandomness() {
    String zero = "00000000000000000000000000000000";
    assertThat(new SamplerFixture(config(62, Mode.HASH_SEED, 4312, 4, true)).span(zero, "")).isEmpty();
    assertThat(new SamplerFixture(config(62, Mode.HASH_SEED, 4312, 4, false)).span(zero, ""))
        .contains("ot=rv:ffffffffffffff;th:0");
    assertThat(new SamplerFixture(config(0, Mode.HASH_SEED, 4312, 4, false)).span(zero, "")).isEmpty();
    for (Mode mode : new Mode[] {Mode.PROPORTIONAL, Mode.EQUALIZING}) {
      assertThat(new SamplerFixture(config(100, mode, 0, 4, true)).span(zero, "")).isEmpty();
      assertThat(new SamplerFixture(config(100, mode, 0, 4, false)).span(zero, "")).contains("ot=th:0");
    }
  }

  /** The Collector's {@code Test_tracesamplerprocessor_TraceState} (precision 0 there means all 14 digits). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      100 percent                              | 100           | 0  | -                                | -                                      | false | ot=th:0                                  | ot=th:0
      50 percent sampled                       | 50            | 0  | -                                | -                                      | false | ot=th:8                                  | ot=th:8
      25 percent sampled                       | 25            | 0  | ddddddddddddddddddc0000000000000 | -                                      | false | ot=th:c                                  | ot=th:c
      25 percent unsampled                     | 25            | 0  | ddddddddddddddddddb0000000000000 | -                                      | false | dropped                                  | dropped
      1 percent sampled                        | 1             | 0  | -                                | ot=rv:FD70A3D70A3D71                   | false | ot=rv:FD70A3D70A3D71;th:fd70a3d70a3d71   | ot=rv:FD70A3D70A3D71;th:fd70a3d70a3d71
      1 percent with rvalue and precision 4    | 1             | 4  | -                                | ot=rv:FD70A3D70A3D71                   | false | ot=rv:FD70A3D70A3D71;th:fd70a            | ot=rv:FD70A3D70A3D71;th:fd70a
      1 percent with rvalue and precision 3    | 1             | 3  | -                                | ot=rv:FD70A3D70A3D71                   | false | dropped                                  | dropped
      1 percent not sampled with rvalue        | 1             | 0  | -                                | ot=rv:FD70A3D70A3D70                   | false | dropped                                  | dropped
      49 percent not sampled with default tid  | 49            | 0  | -                                | -                                      | false | dropped                                  | dropped
      1 percent sampled with rvalue            | 1             | 0  | -                                | ot=rv:fd70B000000000                   | false | ot=rv:fd70B000000000;th:fd70a3d70a3d71   | ot=rv:fd70B000000000;th:fd70a3d70a3d71
      1 percent sampled with tid               | 1             | 4  | a0a0a0a0a0a0a0a0a0fe000000000000 | -                                      | false | ot=th:fd70a                              | ot=th:fd70a
      incoming 50 percent with rvalue          | 50            | 0  | -                                | ot=rv:90000000000000;th:80000000000000 | false | ot=rv:90000000000000;th:8                | dropped
      incoming 50 percent at 25 not sampled    | 25            | 0  | -                                | ot=th:8                                | false | dropped                                  | dropped
      incoming 50 percent at 25 sampled        | 25            | 0  | ffffffffffffffffffffffffffffffff | ot=th:8                                | false | ot=th:c                                  | ot=th:e
      equalizing vs proportional               | 50            | 0  | -                                | ot=rv:c0000000000000;th:8              | false | ot=rv:c0000000000000;th:8                | ot=rv:c0000000000000;th:c
      inconsistent arriving threshold          | 100           | 0  | -                                | ot=rv:40000000000000;th:8              | false | ot=rv:40000000000000;th:0                | ot=rv:40000000000000;th:0
      inconsistent threshold not sampled       | 1             | 0  | -                                | ot=rv:40000000000000;th:8              | true  | dropped                                  | dropped
      40 percent precision 3 with rvalue       | 40            | 3  | -                                | ot=rv:a0000000000000                   | false | ot=rv:a0000000000000;th:99a              | ot=rv:a0000000000000;th:99a
      arriving 50 at 40 precision 6 with tid   | 40            | 6  | a0a0a0a0a0a0a0a0a0d0000000000000 | ot=th:8                                | false | ot=th:99999a                             | ot=th:cccccd
      arriving 50 at 40 partly sampled         | 40            | 3  | a0a0a0a0a0a0a0a0a0b0000000000000 | ot=th:8                                | false | ot=th:99a                                | dropped
      arriving 50 at 40 not sampled            | 40            | 3  | a0a0a0a0a0a0a0a0a080000000000000 | ot=th:8                                | false | dropped                                  | dropped
      200 percent equals 100 percent           | 200           | 0  | -                                | -                                      | false | ot=th:0                                  | ot=th:0
      tiny probability rounding                | 0.006103515625| 0  | 111111111111111111ffffffffffffff | ot=th:fffc                             | false | ot=th:fffc                               | ot=th:fffffff
      almost 100pct sampling                   | 99.99992      | 10 | 111111111111111111ffffffffffffff | -                                      | false | ot=th:00000cccccccd                      | ot=th:00000cccccccd
      probability underflow                    | 0.0625        | 0  | 111111111111111111ffffffffffffff | ot=th:fffffffffffff8                   | false | ot=th:fffffffffffff8                     | dropped
      """)
  void consistentModesMatchTheCollectorsTable(String name, float pct, int precision, String tid, String ts,
      boolean failClosed, String equalizing, String proportional) {
    String traceId = tid == null ? DEFAULT_TID : tid;
    String traceState = ts == null ? "" : ts;
    assertThat(new SamplerFixture(config(pct, Mode.EQUALIZING, 4312, precision, failClosed))
        .span(traceId, traceState)).as("equalizing").isEqualTo(expect(equalizing));
    assertThat(new SamplerFixture(config(pct, Mode.PROPORTIONAL, 4312, precision, failClosed))
        .span(traceId, traceState)).as("proportional").isEqualTo(expect(proportional));
  }

  /** The Collector's {@code Test_tracesamplerprocessor_TraceStateErrors}: with fail_closed, each is dropped. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      missing randomness            | 00000000000000000000000000000000 | ''
      invalid r-value               | fefefefefefefefefe80000000000000 | ot=rv:abababababababab
      invalid t-value               | fefefefefefefefefe80000000000000 | ot=th:abababababababab
      t-value syntax                | fefefefefefefefefe80000000000000 | ot=th:-1
      inconsistent t-value trace ID | ffffffffffffffffff70000000000000 | ot=th:8
      inconsistent t-value r-value  | fefefefefefefefefe80000000000000 | ot=th:8;rv:70000000000000
      malformed tracestate          | fefefefefefefefefe80000000000000 | Ot=th:8
      """)
  void faultsFailClosed(String name, String tid, String ts) {
    for (Mode mode : new Mode[] {Mode.PROPORTIONAL, Mode.EQUALIZING}) {
      assertThat(new SamplerFixture(config(100, mode, 0, 4, true)).span(tid, ts)).as(mode.key()).isEmpty();
      assertThat(new SamplerFixture(config(100, mode, 0, 4, false)).span(tid, ts)).as(mode.key()).isPresent();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Mode.class)
  void samplingPriorityOverridesEveryMode(Mode mode) {
    String tid = "01000000000000000000000000000000"; // randomness 0: sampled only at 100%
    assertThat(new SamplerFixture(config(0, mode, 4312, 4, true)).span(tid, "", kv("sampling.priority", 2)))
        .contains("ot=th:0");
    assertThat(new SamplerFixture(config(0, mode, 4312, 4, true)).span(tid, "", kv("sampling.priority", 1.0)))
        .contains("ot=th:0");
    assertThat(new SamplerFixture(config(0, mode, 4312, 4, true)).span(tid, "", kv("sampling.priority", "0.5")))
        .contains("ot=th:0");
    assertThat(new SamplerFixture(config(0, mode, 4312, 4, true)).span(tid, "", kv("sampling.priority", "-0.5")))
        .isEmpty();
    assertThat(new SamplerFixture(config(0, mode, 4312, 4, true)).span(tid, "", kv("sampling.priority", "NaN")))
        .isEmpty();
    for (Object zero : new Object[] {0, 0.0, "0"}) {
      assertThat(new SamplerFixture(config(100, mode, 4312, 4, true)).span(tid, "", kv("sampling.priority", zero)))
          .isEmpty();
    }
    assertThat(new SamplerFixture(config(100, mode, 4312, 4, true)).span(tid, "", kv("no.sampling.priority", 0)))
        .isPresent();
  }

  @Test
  void decisionsAreCountedByPolicy() {
    var fixture = new SamplerFixture(config(50, Mode.HASH_SEED, 0, 4, true));
    fixture.span("5b8efff798038103d269b633813fc60c", "");
    fixture.span("00000000000000000000000000000001", "");
    fixture.span("00000000000000000000000000000001", "", kv("sampling.priority", 1));
    assertThat(count(fixture, "trace_id_hash", "true")).isEqualTo(1);
    assertThat(count(fixture, "trace_id_hash", "false")).isEqualTo(1);
    assertThat(count(fixture, "sampling_priority", "true")).isEqualTo(1);
  }

  private static double count(SamplerFixture f, String policy, String sampled) {
    return f.meters.get(TracesSamplerProcessor.METER).tag("policy", policy).tag("sampled", sampled).counter()
        .count();
  }

  private static Optional<String> expect(String expected) {
    return expected.equals("dropped") ? Optional.empty() : Optional.of(expected);
  }
}
