package dev.relay.processor.probabilisticsampler;

import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static dev.relay.testing.ConfigFixture.processor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.processor.probabilisticsampler.ProbabilisticSamplerConfig.Mode;
import org.junit.jupiter.api.Test;

/** The {@code probabilistic_sampler} processor's settings: the Collector's keys, defaults and checks. */
class ProbabilisticSamplerProcessorFactoryTest {
  private static String config(String settings) {
    return """
        receivers:
          otlp: {protocols: {grpc: {}}}
        processors:
          probabilistic_sampler:
        %s
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [probabilistic_sampler]
              exporters: [debug]
            logs:
              receivers: [otlp]
              processors: [probabilistic_sampler]
              exporters: [debug]
        """.formatted(settings.indent(4).stripTrailing());
  }

  @Test
  void defaults() throws Exception {
    ProbabilisticSamplerConfig c = processor(parse(config("")), "probabilistic_sampler");
    assertThat(c).isEqualTo(new ProbabilisticSamplerConfig(0, 0, Mode.HASH_SEED, true, 4, true, "", ""));
  }

  @Test
  void everyKey() throws Exception {
    ProbabilisticSamplerConfig c = processor(parse(config("""
        sampling_percentage: 15.3
        hash_seed: 4294967295
        mode: equalizing
        fail_closed: false
        sampling_precision: 14
        attribute_source: record
        from_attribute: record.id
        sampling_priority: priority
        """)), "probabilistic_sampler");
    assertThat(c).isEqualTo(
        new ProbabilisticSamplerConfig(15.3f, -1, Mode.EQUALIZING, false, 14, false, "record.id", "priority"));
    assertThat(((ProbabilisticSamplerConfig) processor(parse(config("mode: proportional")),
        "probabilistic_sampler")).mode()).isEqualTo(Mode.PROPORTIONAL);
  }

  @Test
  void faultsNameTheKey() {
    assertThat(faults(config("""
        sampling_percentage: -1
        hash_seed: 4294967296
        mode: strict
        sampling_precision: 0
        attribute_source: span
        samplingpercentage: 5
        """))).containsExactly(
        "relay.yaml:5: processors.probabilistic_sampler.sampling_percentage: sampling rate is negative: -1%",
        "relay.yaml:6: processors.probabilistic_sampler.hash_seed: must be between 0 and 4294967295, found 4294967296",
        "relay.yaml:7: processors.probabilistic_sampler.mode: 'strict' is not one of hash_seed, proportional,"
            + " equalizing",
        "relay.yaml:8: processors.probabilistic_sampler.sampling_precision: must be between 1 and 14, found 0",
        "relay.yaml:9: processors.probabilistic_sampler.attribute_source: 'span' is not one of traceID, record",
        "relay.yaml:10: processors.probabilistic_sampler.samplingpercentage: unknown key 'samplingpercentage'"
            + " (known keys here: attribute_source, fail_closed, from_attribute, hash_seed, mode,"
            + " sampling_percentage, sampling_precision, sampling_priority)");
    assertThat(faults(config("sampling_percentage: .inf"))).containsExactly(
        "relay.yaml:5: processors.probabilistic_sampler.sampling_percentage: sampling rate is invalid: .inf%");
    assertThat(faults(config("sampling_percentage: 1e-20"))).containsExactly(
        "relay.yaml:5: processors.probabilistic_sampler.sampling_percentage: sampling rate is too small: 1e-20%");
    assertThat(faults(config("sampling_percentage: ten"))).containsExactly(
        "relay.yaml:5: processors.probabilistic_sampler.sampling_percentage: expected a number, found 'ten'");
  }
}
