package dev.relay.exporter.otlp;

import static dev.relay.testing.ConfigFixture.exporter;
import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.exporter.ExporterHelperSettings;
import dev.relay.exporter.QueuedExporterSettings;
import dev.relay.queue.PersistentQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code otlp} exporter's settings, with the queue and batch settings every exporter shares. */
class OtlpExporterFactoryTest {
  @Test
  void headerNamesAreCheckedWhenTheConfigIsRead() {
    String yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
        exporters:
          otlp/tempo:
            endpoint: t:1
            headers:
              trace-bin: x
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlp/tempo]
        """;
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:9: exporters.otlp/tempo.headers.trace-bin: 'trace-bin' is not a header name gRPC can send as"
            + " text (letters, digits, _ . -; not grpc-* or *-bin)");
  }

  @Test
  void queueAndBatchFaultsNameTheKey() {
    String yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
        exporters:
          otlp/a:
            endpoint: tempo:4317
            sending_queue:
              enabled: false
              storage: file_storage/queue
          otlp/b:
            endpoint: tempo:4317
            sending_queue:
              storage:
                fsync: sometimes
                fsync_interval: 0s
                max_size_mib: 0
              batch:
                min_size: 10
            batch:
              max_size: 5
          otlp/c:
            endpoint: tempo:4317
            batch:
              min_size: 100
              max_size: 10
              sizer: bytes
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlp/a, otlp/b, otlp/c]
        """;
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:10: exporters.otlp/a.sending_queue.storage: 'file_storage/queue' names a Collector storage "
            + "extension; Relay has none: give the queue's directory instead (e.g. /var/lib/relay/queue)",
        "relay.yaml:14: exporters.otlp/b.sending_queue.storage: 'directory' is required",
        "relay.yaml:15: exporters.otlp/b.sending_queue.storage.fsync: 'sometimes' is not one of always, interval, "
            + "never",
        "relay.yaml:16: exporters.otlp/b.sending_queue.storage.fsync_interval: fsync_interval must be more than 0",
        "relay.yaml:17: exporters.otlp/b.sending_queue.storage.max_size_mib: must be between 1 and 1073741824, "
            + "found 0",
        "relay.yaml:20: exporters.otlp/b.batch: give batch either here or under sending_queue, not both",
        "relay.yaml:27: exporters.otlp/c.batch.sizer: batch sizes count spans here: only 'items' is supported",
        "relay.yaml:25: exporters.otlp/c.batch.min_size: min_size (100) must not be more than max_size (10)");
  }

  @Test
  void aValidPersistentQueueLoads() throws Exception {
    var cfg = parse("""
        receivers:
          otlp:
            protocols:
              grpc:
        exporters:
          otlp/tempo:
            endpoint: tempo:4317
            sending_queue:
              sizer: bytes
              queue_size: 536870912
              block_on_overflow: true
              storage:
                directory: /var/lib/relay/queue
                fsync: interval
                fsync_interval: 250ms
                max_size_mib: 2048
              batch:
                flush_timeout: 50ms
                min_size: 1000
                max_size: 4000
          otlp/plain:
            endpoint: tempo:4317
            sending_queue:
              storage: /tmp/q
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlp/tempo, otlp/plain]
        """, Map.of());
    OtlpExporterConfig tempo = exporter(cfg, "otlp/tempo");
    assertThat(tempo.helper().queue()).isEqualTo(new ExporterHelperSettings.QueueSettings(true,
        QueuedExporterSettings.Sizer.BYTES, 536870912, 10, true,
        new PersistentQueue.Settings(Path.of("/var/lib/relay/queue"),
            PersistentQueue.Fsync.INTERVAL, Duration.ofMillis(250), 2048L << 20, 64L << 20)));
    assertThat(tempo.helper().batch()).isEqualTo(new ExporterHelperSettings.BatchSettings(Duration.ofMillis(50), 1000, 4000));
    OtlpExporterConfig plain = exporter(cfg, "otlp/plain");
    assertThat(plain.helper().queue().storage()).isEqualTo(new PersistentQueue.Settings(
        Path.of("/tmp/q"), PersistentQueue.Fsync.ALWAYS, Duration.ofSeconds(1),
        1024L << 20, 64L << 20));
    assertThat(plain.helper().batch()).isEqualTo(ExporterHelperSettings.BatchSettings.NONE);
  }
}
