package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persistent queue across real process deaths: {@code kill -9} while Tempo is down, and a queue file corrupted
 * by hand between two runs.
 */
class PersistentQueueProcessIT {
  @TempDir
  Path dir;

  private RelayProcess relay;
  private int runs;

  @AfterEach
  void stop() throws Exception {
    if (relay != null) {
      relay.close();
    }
  }

  private void start(Path config) throws IOException {
    relay = RelayProcess.start(dir.resolve("relay-" + (++runs) + ".log"), "64m", Map.of(), "run", "--config",
        config.toString());
  }

  private Path config(int port, int adminPort, TempoStub tempo) throws IOException {
    Path config = dir.resolve("relay.yaml");
    Files.writeString(config, new TestConfig()
        .otlpReceiver("127.0.0.1:" + port)
        .otlpExporter("otlp/tempo", tempo, """
            retry_on_failure:
              initial_interval: 100ms
              max_interval: 500ms
              max_elapsed_time: 0
            sending_queue:
              sizer: items
              queue_size: 100000
              storage:
                directory: %s
                fsync: always
            """.formatted(dir.resolve("queue")))
        .service("shutdown_timeout: 2s")
        .admin("127.0.0.1:" + adminPort)
        .pipeline("traces", List.of("otlp"), List.of("otlp/tempo"))
        .yaml());
    return config;
  }

  private static void send(int port, String prefix, int batches, int perBatch) {
    try (Sdk sdk = new Sdk(port)) {
      for (int b = 0; b < batches; b++) {
        for (int i = 0; i < perBatch; i++) {
          sdk.tracer().spanBuilder(prefix + b + "-" + i).startSpan().end();
        }
        sdk.flush(); // fails the test unless the relay accepted every span
      }
    }
  }

  @Test
  void tenThousandAcceptedSpansSurviveKillDashNine() throws Exception {
    int port = FreePorts.next();
    int admin = FreePorts.next();
    try (TempoStub tempo = TempoStub.notStarted()) {
      Path config = config(port, admin, tempo);
      start(config);
      relay.awaitStarted();
      send(port, "k", 20, 500);
      Await.until(Duration.ofSeconds(30), "10,000 accepted",
          () -> RelayProcess.metric(admin, "relay_receiver_accepted_spans_total") == 10_000);
      assertThat(tempo.spanCount()).isZero();

      relay.process().destroyForcibly(); // SIGKILL: no shutdown hook, no drain, no close
      assertThat(relay.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(relay.process().exitValue()).isEqualTo(137);

      tempo.startServer();
      start(config);
      relay.awaitStarted();
      Await.until(Duration.ofSeconds(60), "10,000 distinct spans at Tempo; output:\n" + relay.output(),
          () -> distinctNames(tempo) == 10_000);
      int total = tempo.spanCount();
      int duplicates = total - distinctNames(tempo);
      System.out.println("kill -9 with 10,000 spans queued: " + total + " delivered, " + duplicates
          + " of them duplicates");
      assertThat(relay.output()).contains("entries from an earlier run will be sent again");
      // Records are forgotten when delivered, one by one, so a run that never delivered anything resends nothing
      // twice.
      assertThat(duplicates).isZero();
    }
  }

  private static int distinctNames(TempoStub tempo) {
    Set<String> names = new HashSet<>();
    tempo.spans().forEach(s -> names.add(s.getName()));
    return names.size();
  }

  @Test
  void aCorruptLastRecordIsCutAndEverythingBeforeItIsDelivered() throws Exception {
    int port = FreePorts.next();
    int admin = FreePorts.next();
    try (TempoStub tempo = TempoStub.notStarted()) {
      Path config = config(port, admin, tempo);
      start(config);
      relay.awaitStarted();
      send(port, "c", 10, 100);
      try {
        Await.until(Duration.ofSeconds(30), "1,000 accepted",
            () -> RelayProcess.metric(admin, "relay_receiver_accepted_spans_total") == 1_000);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; accepted " + RelayProcess.metric(admin, "relay_receiver_accepted_spans_total")
            + "; output:\n" + relay.output(), e);
      }
      relay.process().destroy(); // SIGTERM: Tempo is down, so everything stays in the queue
      assertThat(relay.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(relay.output()).contains("stay in the persistent queue");

      Path segment = lastNonEmptySegment(dir.resolve("queue").resolve("otlp_tempo"));
      List<Long> offsets = recordOffsets(segment);
      assertThat(offsets).isNotEmpty();
      long last = offsets.get(offsets.size() - 1);
      Set<String> lost = namesInRecord(segment, last);
      try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
        long at = last + 16 + 5; // a byte inside the last record's request
        f.seek(at);
        int b = f.read();
        f.seek(at);
        f.write(b ^ 0x5a);
      }

      tempo.startServer();
      start(config);
      relay.awaitStarted();
      int expected = 1_000 - lost.size();
      Await.until(Duration.ofSeconds(30), expected + " spans at Tempo; output:\n" + relay.output(),
          () -> tempo.spanCount() == expected);
      assertThat(relay.output()).contains("has a torn or corrupt tail; truncating it");
      Set<String> delivered = new HashSet<>();
      tempo.spans().forEach(s -> delivered.add(s.getName()));
      assertThat(delivered).hasSize(expected).doesNotContainAnyElementsOf(lost);
      Await.until(Duration.ofSeconds(10), "the exporter counted the sends",
          () -> RelayProcess.metric(admin, "relay_exporter_sent_spans_total") == expected);
      assertThat(relay.process().isAlive()).isTrue();
    }
  }

  private static Path lastNonEmptySegment(Path queueDir) throws IOException {
    try (Stream<Path> files = Files.list(queueDir)) {
      List<Path> segs = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
      for (int i = segs.size() - 1; i >= 0; i--) {
        if (Files.size(segs.get(i)) > 0) {
          return segs.get(i);
        }
      }
    }
    throw new AssertionError("no segment with data in " + queueDir);
  }

  /** Walks the {@code [int length][int crc][length bytes]} records of a segment. */
  private static List<Long> recordOffsets(Path segment) throws IOException {
    List<Long> offsets = new ArrayList<>();
    ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(segment));
    long pos = 0;
    while (pos + 16 <= all.capacity()) {
      offsets.add(pos);
      pos += 8 + all.getInt((int) pos);
    }
    assertThat(pos).isEqualTo(all.capacity());
    return offsets;
  }

  private static Set<String> namesInRecord(Path segment, long offset) throws IOException {
    byte[] all = Files.readAllBytes(segment);
    int length = ByteBuffer.wrap(all).getInt((int) offset);
    byte[] request = java.util.Arrays.copyOfRange(all, (int) offset + 16, (int) offset + 8 + length);
    Set<String> names = new HashSet<>();
    ExportTraceServiceRequest.parseFrom(request).getResourceSpansList().forEach(rs -> rs.getScopeSpansList()
        .forEach(ss -> ss.getSpansList().forEach(s -> names.add(s.getName()))));
    return names;
  }
}
