package dev.relay.processor.batch;

import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static dev.relay.testing.ConfigFixture.processor;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code batch} processor's settings: the Collector's keys, defaults and checks. */
class BatchProcessorFactoryTest {
  /** A config with {@code processors} (YAML, indented as under {@code processors:}) in a traces pipeline. */
  private static String config(String processors, String ids) {
    return """
        receivers:
          otlp:
            protocols:
              grpc:
        processors:
        %s
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [%s]
              exporters: [debug]
            logs:
              receivers: [otlp]
              processors: [%s]
              exporters: [debug]
            metrics:
              receivers: [otlp]
              processors: [%s]
              exporters: [debug]
        """.formatted(processors.stripTrailing().indent(2).stripTrailing(), ids, ids, ids);
  }

  @Test
  void anEmptyEntryHasTheCollectorsDefaults() throws Exception {
    BatchConfig config = processor(parse(config("batch:", "batch")), "batch");
    assertThat(config).isEqualTo(new BatchConfig(Duration.ofMillis(200), 8192, 0, List.of(), 1000));
    assertThat(config).isEqualTo(BatchConfig.defaults());
    assertThat(config.immediate()).isFalse();
  }

  @Test
  void everyKeyIsRead() throws Exception {
    BatchConfig config = processor(parse(config("""
        batch/custom:
          timeout: 100ms
          send_batch_size: 1000
          send_batch_max_size: 2000
          metadata_keys: [X-Tenant, project]
          metadata_cardinality_limit: 10
        """, "batch/custom")), "batch/custom");
    assertThat(config).isEqualTo(new BatchConfig(Duration.ofMillis(100), 1000, 2000, List.of("project", "x-tenant"),
        10));
  }

  @Test
  void zeroTimeoutOrSizeSendsAtOnceAndAMaxEqualToTheSizeIsAllowed() throws Exception {
    var loaded = parse(config("""
        batch/now:
          timeout: 0s
          send_batch_max_size: 10000
        batch/nosize:
          send_batch_size: 0
        batch/equal:
          send_batch_size: 50
          send_batch_max_size: 50
          metadata_cardinality_limit: 0
        """, "batch/now, batch/nosize, batch/equal"));
    BatchConfig now = processor(loaded, "batch/now");
    BatchConfig noSize = processor(loaded, "batch/nosize");
    BatchConfig equal = processor(loaded, "batch/equal");
    assertThat(now.immediate()).isTrue();
    assertThat(now.sendBatchMaxSize()).isEqualTo(10000);
    assertThat(noSize.immediate()).isTrue();
    assertThat(equal).isEqualTo(new BatchConfig(Duration.ofMillis(200), 50, 50, List.of(), 0));
  }

  @Test
  void faultsNameTheKey() {
    assertThat(faults(config("""
        batch:
          timeout: -1s
          send_batch_size: 1000
          send_batch_max_size: 999
        batch/2:
          send_batch_max_size: 100
          metadata_keys: [tenant, Tenant]
          metadata_cardinality_limit: -1
        batch/3:
          send_batch_size: many
          flush_interval: 1s
        """, "batch, batch/2, batch/3"))).containsExactly(
        "relay.yaml:7: processors.batch.timeout: expected a duration such as 5s, 250ms or 1m30s, found '-1s'",
        "relay.yaml:9: processors.batch.send_batch_max_size: must be greater than or equal to send_batch_size"
            + " (1000), found 999",
        "relay.yaml:11: processors.batch/2.send_batch_max_size: must be greater than or equal to send_batch_size"
            + " (8192), found 100",
        "relay.yaml:12: processors.batch/2.metadata_keys: duplicate entry 'tenant' (keys are compared without"
            + " regard to case)",
        "relay.yaml:13: processors.batch/2.metadata_cardinality_limit: must be between 0 and 4294967295, found -1",
        "relay.yaml:15: processors.batch/3.send_batch_size: expected a whole number, found 'many'",
        "relay.yaml:16: processors.batch/3.flush_interval: unknown key 'flush_interval' (known keys here:"
            + " metadata_cardinality_limit, metadata_keys, send_batch_max_size, send_batch_size, timeout)");
  }
}
