package dev.relay.exporter.debug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.component.ComponentId;
import dev.relay.otlp.Batch;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.testing.TestLogs;
import dev.relay.testing.TestTraces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.MessageFormatter;

/**
 * What the debug exporter logs for real batches, and how {@code sampling_initial} and {@code sampling_thereafter}
 * thin it out: per second and per signal, the first N batches, then every Mth.
 */
class DebugLogSenderTest {
  private final List<String> lines = new ArrayList<>();
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

  private DebugLogSender sender(DebugExporterConfig config) {
    return new DebugLogSender(ComponentId.parse("debug"), config,
        (format, args) -> lines.add(MessageFormatter.arrayFormat(format, args).getMessage()), nanos::get);
  }

  private static Batch traces(String name) {
    return TracesBatch.of(TestTraces.request(name));
  }

  @Test
  void withTheDefaultsEveryBatchIsLogged() {
    DebugLogSender sender = sender(new DebugExporterConfig(DebugExporterConfig.Verbosity.BASIC));
    for (int i = 0; i < 5; i++) {
      sender.send(List.of(traces("s" + i)), Duration.ofSeconds(1));
    }
    assertThat(lines).hasSize(5).allMatch(l -> l.equals("debug traces: 1 resource spans, 1 spans, 0 span events"));
  }

  @Test
  void theFirstNOfASecondThenEveryMth() {
    DebugLogSender sender = sender(new DebugExporterConfig(DebugExporterConfig.Verbosity.NORMAL, 2, 3));
    for (int i = 1; i <= 9; i++) {
      sender.send(List.of(traces("s" + i)), Duration.ofSeconds(1));
    }
    // 1 and 2 (the initial ones), then the 3rd after them: 5 and 8.
    assertThat(lines).filteredOn(l -> l.startsWith("debug span ")).extracting(l -> l.split(" ")[2])
        .containsExactly("s1", "s2", "s5", "s8");
    nanos.addAndGet(1_000_000_000L); // a new second starts the count again
    sender.send(List.of(traces("t1")), Duration.ofSeconds(1));
    sender.send(List.of(traces("t2")), Duration.ofSeconds(1));
    sender.send(List.of(traces("t3")), Duration.ofSeconds(1));
    assertThat(lines).filteredOn(l -> l.startsWith("debug span ")).extracting(l -> l.split(" ")[2])
        .containsExactly("s1", "s2", "s5", "s8", "t1", "t2");
  }

  @Test
  void eachSignalIsCountedOnItsOwnAndZeroThereafterLogsOnlyTheInitialOnes() {
    DebugLogSender sender = sender(new DebugExporterConfig(DebugExporterConfig.Verbosity.BASIC, 1, 0));
    Batch logs = LogsBatch.of(TestLogs.request(TestLogs.record("e")));
    sender.send(List.of(traces("a"), traces("b"), logs, logs, traces("c")), Duration.ofSeconds(1));
    assertThat(lines).containsExactly("debug traces: 1 resource spans, 1 spans, 0 span events",
        "debug logs: 1 resource logs, 1 log records");
  }
}
