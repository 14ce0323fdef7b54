package dev.relay.processor.probabilisticsampler;

import static dev.relay.processor.probabilisticsampler.SamplerFixture.id;
import static dev.relay.testing.KeyValues.kv;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.processor.probabilisticsampler.ProbabilisticSamplerConfig.Mode;
import dev.relay.testing.TestLogs;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The logs sampler decides as the Collector's does. Expected hashes were computed by hand from the Collector's
 * algorithm (see {@link TracesSamplerTest}): under seed 0, FNV-1a of the attribute text {@code r1} .. {@code r7}
 * has the low 14 bits 8828, 10037, 9634, 7619, 7216, 8425, 8022, so at 50% (8192 buckets) r4, r5 and r7 are kept.
 */
class LogsSamplerTest {
  private static ProbabilisticSamplerConfig config(float pct, Mode mode, boolean traceIdSource, String from,
      String priority) {
    return new ProbabilisticSamplerConfig(pct, 0, mode, true, 4, traceIdSource, from, priority);
  }

  private static Map<String, String> attributes(LogRecord r) {
    return r.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey,
        kv -> kv.getValue().hasStringValue() ? kv.getValue().getStringValue() : kv.getValue().toString().trim()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"r1, -", "r2, -", "r3, -", "r4, 88f02619841dc3", "r5, 8f3c25d9741c30", "r6, -",
      "r7, 82a42659941f56"})
  void hashSeedHashesTheRecordAttribute(String rid, String randomness) {
    var fixture = new SamplerFixture(config(50, Mode.HASH_SEED, false, "rid", ""));
    Optional<LogRecord> out = fixture.record(TestLogs.record("e", kv("rid", rid)));
    if (randomness.equals("-")) {
      assertThat(out).isEmpty();
    } else {
      assertThat(attributes(out.orElseThrow())).isEqualTo(
          Map.of("rid", rid, "sampling.randomness", randomness, "sampling.threshold", "8"));
    }
  }

  @Test
  void theTraceIdComesFirstAndTheAttributeStandsInForAMissingOne() {
    var fixture = new SamplerFixture(config(50, Mode.HASH_SEED, true, "rid", ""));
    // Trace id 5b8e... hashes to bucket 5855 under seed 0 (kept), whatever rid says.
    var withTraceId = TestLogs.record("e", kv("rid", "r1")).setTraceId(id("5b8efff798038103d269b633813fc60c"));
    assertThat(attributes(fixture.record(withTraceId).orElseThrow()))
        .containsEntry("sampling.randomness", "a480091545d6df").containsEntry("sampling.threshold", "8");
    assertThat(fixture.record(TestLogs.record("e", kv("rid", "r4")))).isPresent();
    assertThat(fixture.record(TestLogs.record("e", kv("rid", "r1")))).isEmpty();
    assertThat(fixture.record(TestLogs.record("e"))).as("no randomness at all: fail closed").isEmpty();
    assertThat(fixture.meters.get(LogsSamplerProcessor.METER).tag("policy", "rid").tag("sampled", "true").counter()
        .count()).isEqualTo(1);
  }

  @Test
  void proportionalUsesTheTraceIdsRandomness() {
    var fixture = new SamplerFixture(config(50, Mode.PROPORTIONAL, true, "", ""));
    var kept = TestLogs.record("e").setTraceId(id("fefefefefefefefefe80000000000000"));
    assertThat(attributes(fixture.record(kept).orElseThrow())).isEqualTo(Map.of("sampling.threshold", "8"));
    var dropped = TestLogs.record("e").setTraceId(id("fefefefefefefefefe7fffffffffffff"));
    assertThat(fixture.record(dropped)).isEmpty();
    var explicit = TestLogs.record("e", kv("sampling.randomness", "c0000000000000"), kv("sampling.threshold", "8"));
    assertThat(attributes(fixture.record(explicit).orElseThrow()))
        .isEqualTo(Map.of("sampling.randomness", "c0000000000000", "sampling.threshold", "c"));
  }

  @Test
  void samplingPriorityIsARecordsOwnPercentage() {
    var fixture = new SamplerFixture(config(1, Mode.PROPORTIONAL, true, "", "prio"));
    String tid = "fefefefefefefefefe80000000000000"; // randomness 0x80000000000000: kept at 50% and above
    assertThat(fixture.record(TestLogs.record("e", kv("prio", 100)).setTraceId(id(tid))).orElseThrow()
        .getAttributesList()).contains(kv("sampling.threshold", "0"));
    assertThat(fixture.record(TestLogs.record("e", kv("prio", 50.0)).setTraceId(id(tid)))).isPresent();
    assertThat(fixture.record(TestLogs.record("e", kv("prio", 49)).setTraceId(id(tid)))).isEmpty();
    // 0, above 100 and non-numbers are ignored: the configured 1% applies.
    assertThat(fixture.record(TestLogs.record("e", kv("prio", 0)).setTraceId(id(tid)))).isEmpty();
    assertThat(fixture.record(TestLogs.record("e", kv("prio", 150)).setTraceId(id(tid)))).isEmpty();
    assertThat(fixture.record(TestLogs.record("e", kv("prio", "100")).setTraceId(id(tid)))).isEmpty();
  }
}
