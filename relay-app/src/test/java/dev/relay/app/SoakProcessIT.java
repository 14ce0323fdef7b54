package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.testing.Await;
import dev.relay.testing.GoodClient;
import dev.relay.testing.HostileRequests;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestTraces;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: the packaged relay at the image's heap, a good client at 10,000 spans/s over gRPC, and 1% hostile
 * requests mixed in ({@link HostileRequests#mixed}: gzip bombs, bodies stalled near the size limit, spans with
 * 100,000 attributes, malformed protobuf, a /tap with a 1,000-level match). Zero crashes, zero good spans lost, RSS
 * flat after the first minute. Long: it runs only when asked, for {@code -Drelay.soak.minutes=N} minutes
 * (docs/BENCHMARKS.md has the command).
 */
class SoakProcessIT {
  private static final int SPANS_PER_REQUEST = 100;
  private static final int REQUESTS_PER_SECOND = 100; // 10,000 spans/s

  @TempDir
  Path dir;

  private OtlpRelayProcess relay;

  @AfterEach
  void stop() throws Exception {
    if (relay != null) {
      relay.close();
    }
  }

  @Test
  void tenThousandSpansASecondWithOnePercentHostileForMinutes() throws Exception {
    String minutesText = System.getProperty("relay.soak.minutes");
    assumeTrue(minutesText != null, "a soak runs only with -Drelay.soak.minutes=N");
    Duration length = Duration.ofMinutes(Long.parseLong(minutesText));
    try (TempoStub tempo = TempoStub.start()) {
      relay = OtlpRelayProcess.start(dir, tempo);
      long pid = relay.process().process().pid(); // the launcher execs java: the same process
      ExecutorService hostile = Executors.newFixedThreadPool(4);
      HttpClient http = HttpClient.newHttpClient();
      byte[] bomb = HostileRequests.gzipBomb(64);
      List<Long> rssKib = new ArrayList<>();
      long start = System.nanoTime();
      long end = start + length.toNanos();
      long nextRss = start;
      try (GoodClient good = new GoodClient(relay.grpcPort(), 100, 20)) {
        for (long n = 0; System.nanoTime() < end; n++) {
          long due = start + n * TimeUnit.SECONDS.toNanos(1) / REQUESTS_PER_SECOND;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait); // pacing the load, not synchronisation
          }
          if (n % 100 == 99) {
            long turn = n / 100;
            hostile.execute(() -> HostileRequests.mixed(turn, http, relay.httpPort(), relay.adminPort(), bomb, 5_000));
          }
          good.export(TestTraces.request(TestTraces.spans("soak-" + n + "-", SPANS_PER_REQUEST)).toByteArray(),
              SPANS_PER_REQUEST);
          if (System.nanoTime() >= nextRss) {
            rssKib.add(rssKib(pid));
            nextRss += TimeUnit.SECONDS.toNanos(10);
          }
        }
        hostile.shutdownNow();
        long sent = good.acceptedSpans();
        assertThat(relay.alive()).as("alive; output:\n" + relay.output()).isTrue();
        Await.until(Duration.ofSeconds(60), sent + " good spans at Tempo",
            () -> tempo.spans().stream().filter(s -> s.getName().startsWith("soak-")).count() == sent);
        System.out.println("soak " + length.toMinutes() + " min: " + sent + " good spans delivered, "
            + good.retries() + " retries; RSS KiB every 10 s: " + rssKib);
      } finally {
        hostile.shutdownNow();
      }
      List<Long> afterFirstMinute = rssKib.subList(Math.min(6, rssKib.size()), rssKib.size());
      if (!afterFirstMinute.isEmpty()) {
        long first = afterFirstMinute.get(0);
        assertThat(afterFirstMinute.stream().mapToLong(Long::longValue).max().orElseThrow())
            .as("RSS flat after the first minute (within 15%)").isLessThanOrEqualTo(first * 115 / 100);
      }
      assertThat(relay.output()).doesNotContain("OutOfMemoryError");
    }
  }

  private static long rssKib(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
