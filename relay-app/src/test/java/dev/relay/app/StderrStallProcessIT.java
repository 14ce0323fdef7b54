package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.GoodClient;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestTraces;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged relay with its stderr a pipe that the reader stops reading, as a container runtime or a {@code kubectl
 * logs} that stalls: once the 64 KiB pipe and the relay's own queue of log lines are full, it drops further lines
 * instead of waiting, and goes on answering exports and {@code /healthz}. Each span below makes the probabilistic
 * sampler log one debug line (its tracestate already has a threshold, which {@code hash_seed} mode does not use),
 * on the thread that handles the export; without the background writer that thread would block on stderr.
 */
class StderrStallProcessIT {
  private static final int SPANS_PER_REQUEST = 100;
  private static final Pattern DROPPED = Pattern.compile("(\\d+) log lines dropped: stderr was not keeping up");

  @TempDir
  Path dir;

  @Test
  void aStalledStderrDropsLinesAndStallsNoExport() throws Exception {
    int grpc = FreePorts.next();
    int admin = FreePorts.next();
    try (TempoStub tempo = TempoStub.start()) {
      Path config = Files.writeString(dir.resolve("relay.yaml"), new TestConfig()
          .receiver("otlp", "protocols:\n  grpc:\n    endpoint: 127.0.0.1:%d\n".formatted(grpc))
          .processor("probabilistic_sampler", "sampling_percentage: 100\nfail_closed: false\n")
          .otlpExporter("otlp/tempo", tempo)
          .admin("127.0.0.1:" + admin)
          .service("telemetry:\n  logs:\n    level: debug\n")
          .pipeline("traces", List.of("otlp"), List.of("probabilistic_sampler"), List.of("otlp/tempo"))
          .yaml());
      try (RelayProcess relay = RelayProcess.startWithStderrPipe(dir.resolve("stdout.log"), "64m", Map.of(), "run",
          "--config", config.toString());
          GoodClient client = new GoodClient(grpc, 1, 0)) {
        StderrReader stderr = new StderrReader(relay);
        Await.until(Duration.ofSeconds(30), "start-up; stderr:\n" + stderr.text(),
            () -> stderr.text().contains("relay started"));
        stderr.pause();

        byte[] request = request();
        int requests = 0;
        // 64 KiB of pipe and 4096 queued lines hold fewer than 5,000 of these ~130-byte lines: 100 requests'
        // 10,000 are more than enough.
        while (RelayProcess.metric(admin, "relay_log_lines_dropped_total") <= 0) {
          assertThat(requests).as("lines dropped before 100 requests").isLessThan(100);
          client.export(request, SPANS_PER_REQUEST);
          requests++;
        }
        double droppedWhenFull = RelayProcess.metric(admin, "relay_log_lines_dropped_total");
        // Stalled for good: each span's line is dropped now, and its export is answered all the same.
        for (int i = 0; i < 20; i++) {
          client.export(request, SPANS_PER_REQUEST);
          requests++;
        }
        assertThat(RelayProcess.metric(admin, "relay_log_lines_dropped_total"))
            .as("every line of the last 20 requests dropped").isGreaterThanOrEqualTo(droppedWhenFull + 2000);
        assertThat(healthz(admin)).isEqualTo(200);
        int spans = requests * SPANS_PER_REQUEST;
        Await.until(Duration.ofSeconds(30), spans + " spans at Tempo", () -> tempo.spanCount() == spans);
        assertThat(stderr.paused()).as("nothing read from stderr meanwhile").isTrue();

        // Read again: the kept lines come out, then one line with the count, which /metrics has too.
        stderr.resume();
        Await.until(Duration.ofSeconds(30), "the count of dropped lines", () -> DROPPED.matcher(stderr.text()).find());
        List<String> lines = stderr.lines();
        long reported = 0;
        int reportAt = -1;
        int lastSamplerLine = -1;
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = DROPPED.matcher(lines.get(i));
          if (m.find()) {
            assertThat(reportAt).as("one report").isEqualTo(-1);
            reported = Long.parseLong(m.group(1));
            reportAt = i;
          } else if (lines.get(i).contains("traces sampler:")) {
            lastSamplerLine = i;
          }
        }
        assertThat(reportAt).as("after the kept lines").isGreaterThan(lastSamplerLine);
        assertThat(lines.get(reportAt)).contains("[WARN] relay - ");
        assertThat((double) reported).isEqualTo(RelayProcess.metric(admin, "relay_log_lines_dropped_total"));
        long samplerLines = lines.stream().filter(l -> l.contains("traces sampler:")).count();
        assertThat(samplerLines + reported).as("one line per span: written or counted").isEqualTo(spans);

        relay.signal("TERM");
        assertThat(relay.awaitExit()).isZero();
        stderr.awaitEnd();
        assertThat(stderr.text()).contains("relay stopped");
      }
    }
  }

  /** 100 spans whose tracestate has a threshold: each makes the sampler log one debug line. */
  private static byte[] request() {
    Span.Builder[] spans = new Span.Builder[SPANS_PER_REQUEST];
    for (int i = 0; i < spans.length; i++) {
      byte[] traceId = new byte[16];
      traceId[0] = 1;
      traceId[15] = (byte) i;
      spans[i] = TestTraces.span("s" + i).setTraceId(ByteString.copyFrom(traceId))
          .setSpanId(ByteString.copyFrom(new byte[] {1, 0, 0, 0, 0, 0, 0, (byte) i})).setTraceState("ot=th:8");
    }
    return TestTraces.request(spans).toByteArray();
  }

  private static int healthz(int admin) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/healthz"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /**
   * Reads the relay's stderr line by line on a thread of its own, and stops reading on {@link #pause} (after at
   * most the line it is in) until {@link #resume}.
   */
  private static final class StderrReader {
    private final List<String> lines = new ArrayList<>();
    private final CountDownLatch resumed = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean pause;
    private volatile boolean waiting;

    StderrReader(RelayProcess relay) {
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(relay.process().getErrorStream(),
            StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            synchronized (lines) {
              lines.add(line);
            }
            if (pause) {
              waiting = true;
              resumed.await();
              waiting = false;
            }
          }
        } catch (Exception e) {
          // the process is gone
        } finally {
          ended.countDown();
        }
      }, "test-stderr-reader");
      t.setDaemon(true);
      t.start();
    }

    void pause() {
      pause = true;
    }

    /** True once the reader has stopped reading. */
    boolean paused() {
      return waiting;
    }

    void resume() {
      pause = false;
      resumed.countDown();
    }

    List<String> lines() {
      synchronized (lines) {
        return new ArrayList<>(lines);
      }
    }

    String text() {
      return String.join("\n", lines());
    }

    void awaitEnd() throws InterruptedException {
      assertThat(ended.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("stderr closed").isTrue();
    }
  }
}
