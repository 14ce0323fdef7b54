package dev.relay.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.exporter.ExporterHelperSettings.BatchSettings;
import dev.relay.exporter.ExporterHelperSettings.QueueSettings;
import dev.relay.exporter.QueuedExporterSettings.Sizer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueuedExporterSettingsTest {
  private static final QueueSettings QUEUE = new QueueSettings(true, Sizer.ITEMS, 5000, 4, true, null);

  private static ExporterHelperSettings helper(BatchSettings batch) {
    return new ExporterHelperSettings(Duration.ofSeconds(3), RetryPolicy.DISABLED, QUEUE, batch);
  }

  @Test
  void takesEverythingTheUserConfiguredFromTheHelperSettings() {
    var s = QueuedExporterSettings.builder()
        .helper(helper(new BatchSettings(Duration.ofMillis(50), 1000, 4000)))
        .build();
    assertThat(s.sizer()).isEqualTo(Sizer.ITEMS);
    assertThat(s.queueSize()).isEqualTo(5000);
    assertThat(s.numConsumers()).isEqualTo(4);
    assertThat(s.blockOnOverflow()).isTrue();
    assertThat(s.storage()).isNull();
    assertThat(s.queueEnabled()).isTrue();
    assertThat(s.retry()).isEqualTo(RetryPolicy.DISABLED);
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.flushTimeout()).isEqualTo(Duration.ofMillis(50));
    assertThat(s.minBatchSpans()).isEqualTo(1000);
    assertThat(s.maxBatchSpans()).isEqualTo(4000);
  }

  @Test
  void aMaxSizeOfZeroKeepsTheExportersLimitUnlessAMinSizeIsGiven() {
    assertThat(QueuedExporterSettings.builder().helper(helper(BatchSettings.NONE)).build().maxBatchSpans())
        .isEqualTo(8192);
    assertThat(QueuedExporterSettings.builder().helper(helper(new BatchSettings(Duration.ofMillis(200), 10, 0)))
        .build().maxBatchSpans()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void checksWhenBuilt() {
    assertThatThrownBy(() -> QueuedExporterSettings.builder().queueEnabled(false)
        .storage(new dev.relay.queue.PersistentQueue.Settings(Path.of("/tmp/q"),
            dev.relay.queue.PersistentQueue.Fsync.ALWAYS, Duration.ofSeconds(1), 1 << 20, 1 << 20))
        .build()).hasMessage("a persistent queue needs the queue enabled");
    assertThatThrownBy(() -> QueuedExporterSettings.builder().batch(Duration.ZERO, 10, 5).build())
        .hasMessage("min_size must be between 0 and max_size (5)");
  }
}
