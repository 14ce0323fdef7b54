package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.HostileRequests;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestRedis;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin server's event streams under attack, against the packaged relay with the image's JVM flags: 300
 * {@code /tap} clients that never read, 50 taps with a pathological {@code match}, and 16 clients that never read
 * replaying 10,000 entries of a 30 MB Redis stream from {@code /activity/stream}. The relay stays up, its heap under
 * its limit; the taps past {@code max_clients} get {@code 503}, connections past the admin server's 128 are closed
 * at accept, the stalled streams are cut at {@code write_stall_timeout} (shortened to 2 s here), each counted; a
 * good gRPC client sending meanwhile gets every span delivered, in bounded time.
 */
class AdminStreamAttacksProcessIT {
  private static final int MAX_TAPS = 50;
  private static final int ADMIN_CONNECTIONS = 128;
  private static TestRedis redis;

  @TempDir
  Path dir;

  private TempoStub tempo;
  private OtlpRelayProcess relay;
  private GoodTraffic good;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @BeforeEach
  void start() throws Exception {
    tempo = TempoStub.start();
    relay = OtlpRelayProcess.start(dir, tempo, new OtlpRelayProcess.Settings("", "", """
        write_stall_timeout: 2s
        tap:
          max_clients: %d
        """.formatted(MAX_TAPS), redis));
    good = new GoodTraffic(relay, tempo);
  }

  @AfterEach
  void stop() throws Exception {
    if (good != null) {
      good.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (tempo != null) {
      tempo.close();
    }
  }

  @Test
  void nonReadingTapsPastMaxClientsAreRefusedAndCountedAndTheGoodClientIsServed() throws Exception {
    int attackers = 300;
    List<Socket> taps = new ArrayList<>();
    List<Socket> others = new ArrayList<>();
    int tapping = 0;
    int overMaxClients = 0;
    int refusedAtAccept = 0;
    try {
      // One at a time, each kept open: the first 50 tap, the next 78 are answered 503 (their connections kept
      // alive), the rest find the admin server's 128 connections taken and are closed at accept.
      for (int i = 0; i < attackers; i++) {
        Socket s = HostileRequests.nonReadingTap(relay.adminPort(), "traces");
        int status = HostileRequests.status(s);
        switch (status) {
          case 200 -> tapping++;
          case 503 -> overMaxClients++;
          case -1 -> refusedAtAccept++;
          default -> throw new AssertionError("tap " + i + " answered " + status);
        }
        (status == 200 ? taps : others).add(s);
      }
      assertThat(tapping).isEqualTo(MAX_TAPS);
      assertThat(overMaxClients).isEqualTo(ADMIN_CONNECTIONS - MAX_TAPS);
      assertThat(refusedAtAccept).isEqualTo(attackers - ADMIN_CONNECTIONS);
      for (Socket s : others) {
        s.close();
      }
      int ownRefused = awaitAdminSlot();
      assertThat(RelayProcess.metric(relay.adminPort(), "relay_admin_refused_requests_total",
          "reason=\"tap_max_clients\"")).isEqualTo(overMaxClients);
      assertThat(RelayProcess.metric(relay.adminPort(), "relay_admin_refused_connections_total", ""))
          .isEqualTo(refusedAtAccept + ownRefused);
      assertThat(RelayProcess.metric(relay.adminPort(), "relay_admin_tap_clients", "")).isEqualTo(MAX_TAPS);

      // The good client's 1,000 spans while 50 taps that never read are attached to its pipeline.
      long start = System.nanoTime();
      good.runs().get(60, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      good.assertSurvivedAndDelivered();
      assertThat(took).isLessThan(Duration.ofSeconds(30));
      double dropped = RelayProcess.metric(relay.adminPort(), "relay_admin_tap_dropped_items_total", "");
      assertThat(dropped).as("items not shown to the taps (over their rate, or unread)").isPositive();
      System.out.println("non-reading taps at -Xmx64m: " + attackers + " clients, " + tapping + " tapping, "
          + overMaxClients + " answered 503, " + refusedAtAccept + " closed at accept; good client's 1,000 spans in "
          + took.toMillis() + " ms; " + (long) dropped + " tap items dropped, " + (long) RelayProcess.metric(
          relay.adminPort(), "relay_admin_closed_connections_total", "reason=\"write_stall_timeout\"")
          + " taps cut for not reading; heap used " + (long) relay.heapUsed() + " of " + (long) relay.heapMax());
    } finally {
      for (Socket s : taps) {
        s.close();
      }
      for (Socket s : others) {
        s.close();
      }
    }
  }

  /**
   * Waits until the admin server has a free connection again (those just closed have left it); returns how many
   * of this wait's own attempts it closed at accept, which it counted too.
   */
  private int awaitAdminSlot() {
    int[] refused = {0};
    Await.until(Duration.ofSeconds(20), "an admin connection free", () -> {
      if (relay.healthz() == 200) {
        return true;
      }
      refused[0]++;
      return false;
    });
    return refused[0];
  }

  @Test
  void tapsWithAPathologicalMatchDoNotHoldUpTheGoodClient() throws Exception {
    // A pattern that backtracks on every span name (none contains "x"), until the regex step limit ends it.
    String match = "IsMatch(name, \"^(.*)*(.*)*(.*)*(.*)*x$\")";
    List<Socket> taps = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_TAPS; i++) {
        Socket s = HostileRequests.nonReadingTap(relay.adminPort(), "traces", match);
        taps.add(s);
        assertThat(HostileRequests.status(s)).as("tap " + i).isEqualTo(200);
      }
      long start = System.nanoTime();
      good.runs().get(60, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      good.assertSurvivedAndDelivered();
      // Matching runs on the tap thread, within each tap's work budget: the receiver only queues batches for it.
      assertThat(took).isLessThan(Duration.ofSeconds(30));
      System.out.println("pathological taps at -Xmx64m: " + MAX_TAPS + " taps matching " + match + "; good client's"
          + " 1,000 spans in " + took.toMillis() + " ms; " + (long) RelayProcess.metric(relay.adminPort(),
          "relay_admin_tap_dropped_items_total", "") + " tap items dropped (work budget); heap used "
          + (long) relay.heapUsed() + " of " + (long) relay.heapMax());
    } finally {
      for (Socket s : taps) {
        s.close();
      }
    }
  }

  @Test
  void slowClientsReplayingALargeStreamAreCutAtTheWriteStallTimeoutAndCounted() throws Exception {
    int entries = 10_000;
    int bytesEach = 3_000; // 30 MB in the stream, half the relay's heap
    int clients = Integer.getInteger("relay.hostile.slowActivityClients", 16);
    String key = "act:big:" + System.nanoTime();
    redis.fillStream(key, entries, bytesEach);
    CompletableFuture<Void> goodRun = good.runs();
    List<Socket> slow = new ArrayList<>();
    double[] heapPeak = {0};
    try {
      for (int i = 0; i < clients; i++) {
        Socket s = HostileRequests.nonReadingActivityStream(relay.adminPort(), key, entries);
        slow.add(s);
        int n = i;
        assertThat(HostileRequests.status(s)).as(() -> "client " + n + "; relay alive " + relay.alive()
            + "; output:\n" + relay.output()).isEqualTo(200);
      }
      double heapMax = relay.heapMax();
      Await.until(Duration.ofSeconds(30), clients + " stalled clients cut", () -> {
        heapPeak[0] = Math.max(heapPeak[0], relay.heapUsed());
        return RelayProcess.metric(relay.adminPort(), "relay_admin_closed_connections_total",
            "reason=\"write_stall_timeout\"") == clients;
      });
      Await.until(Duration.ofSeconds(10), "no activity clients left",
          () -> RelayProcess.metric(relay.adminPort(), "relay_admin_activity_clients", "") == 0);
      assertThat(heapPeak[0]).isLessThan(heapMax);
      goodRun.get(60, TimeUnit.SECONDS);
      good.assertSurvivedAndDelivered();
      System.out.println("slow activity clients at -Xmx64m: " + clients + " replaying " + entries + " entries of "
          + bytesEach + " bytes, all cut at write_stall_timeout (2 s); heap peak seen " + (long) heapPeak[0]
          + " of " + (long) heapMax);
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }
}
