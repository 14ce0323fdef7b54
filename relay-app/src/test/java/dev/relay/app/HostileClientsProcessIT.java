package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.GoodClient;
import dev.relay.testing.HostileRequests;
import dev.relay.testing.RawHttp2;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestTraces;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks that once killed the relay, against the packaged relay with the image's JVM flags ({@code -Xmx64m},
 * {@code -XX:+ExitOnOutOfMemoryError}): two gzip bombs at a time, three bodies stalled near the size limit, a span
 * with 700,000 attributes; gRPC streams on connections with a zero receive window; an HTTP/2 HEADERS + RST_STREAM
 * flood. The relay stays up, its heap under its limit, each refusal is the documented one and is counted (refused
 * streams and rapid-reset GOAWAYs by the relay itself, exactly as many as the attackers received), and a
 * well-behaved client that retries as OTLP clients do gets every one of its spans delivered.
 */
class HostileClientsProcessIT {
  private static final int BOMBS = 8;

  @TempDir
  Path dir;

  private TempoStub tempo;
  private OtlpRelayProcess relay;
  private GoodTraffic traffic;
  private GoodClient good;

  @BeforeEach
  void start() throws Exception {
    tempo = TempoStub.start();
    relay = OtlpRelayProcess.start(dir, tempo);
    traffic = new GoodTraffic(relay, tempo);
    good = traffic.client();
  }

  @AfterEach
  void stop() throws Exception {
    if (traffic != null) {
      traffic.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (tempo != null) {
      tempo.close();
    }
  }

  private CompletableFuture<Void> goodClientRuns() throws InterruptedException {
    return traffic.runs();
  }

  private void assertSurvivedAndDelivered() {
    traffic.assertSurvivedAndDelivered();
  }

  @Test
  void gzipBombsStalledBodiesAndAWideSpanAreRefusedOrCutAndCounted() throws Exception {
    int admin = relay.adminPort();
    double budget = relay.metric("relay_receiver_in_flight_limit_bytes");
    // A quarter of what the JVM reports as its maximum heap (a little under -Xmx64m with the serial collector).
    assertThat(budget).isBetween(12.0 * 1024 * 1024, 16.0 * 1024 * 1024);

    // Three bodies declared just under the 4 MiB limit, sent to 3.9 MB and stalled: 11.7 MB of the 16 MiB held.
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        stalled.add(HostileRequests.stalledBody(relay.httpPort(), 4_000_000, 3_900_000));
      }
      Await.until(Duration.ofSeconds(20), "the stalled bodies held",
          () -> relay.metric("relay_receiver_in_flight_bytes") == 3 * 3_900_000);

      HttpClient http = HttpClient.newHttpClient();
      byte[] bomb = HostileRequests.gzipBomb(256);
      CompletableFuture<Void> goodRun = goodClientRuns();
      // Gzip bombs, two at a time: each stops at the size limit (413) or at the budget (503).
      int refusedBombs = 0;
      for (int i = 0; i < BOMBS; i += 2) {
        var a = http.sendAsync(HostileRequests.post(relay.httpPort(), bomb, true),
            HttpResponse.BodyHandlers.discarding());
        var b = http.sendAsync(HostileRequests.post(relay.httpPort(), bomb, true),
            HttpResponse.BodyHandlers.discarding());
        for (HttpResponse<Void> res : List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS))) {
          assertThat(res.statusCode()).isIn(413, 503);
          refusedBombs++;
        }
        assertThat(relay.metric("relay_receiver_in_flight_bytes")).isLessThanOrEqualTo(budget);
      }
      // A span with 700,000 attributes (3.5 MB): accepted, cut to 128 attributes.
      HttpResponse<Void> wide = http.send(HostileRequests.post(relay.httpPort(), HostileRequests.wideSpan(700_000),
          false), HttpResponse.BodyHandlers.discarding());
      assertThat(wide.statusCode()).isIn(200, 503);
      goodRun.get(120, TimeUnit.SECONDS);

      assertThat(refusedBombs).isEqualTo(BOMBS);
      assertSurvivedAndDelivered();
      if (wide.statusCode() == 200) {
        Await.until(Duration.ofSeconds(30), "the wide span at Tempo",
            () -> tempo.spans().stream().anyMatch(s -> s.getName().equals("wide")));
        Span cut = tempo.spans().stream().filter(s -> s.getName().equals("wide")).findFirst().orElseThrow();
        assertThat(cut.getAttributesCount()).isEqualTo(128);
        assertThat(cut.getDroppedAttributesCount()).isEqualTo(700_000 - 128);
      }
      System.out.println("hostile clients at -Xmx64m: " + refusedBombs + " bombs refused, good client retried "
          + good.retries() + " times, in-flight refusals " + relay.metric("relay_receiver_in_flight_refusals_total")
          + ", heap used " + relay.heapUsed());
      assertThat(relay.metric("relay_receiver_refused_requests_total"))
          .isEqualTo(refusedBombs + good.retries() + (wide.statusCode() == 503 ? 1 : 0));
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
    Await.until(Duration.ofSeconds(20), "the stalled bodies given back",
        () -> relay.metric("relay_receiver_in_flight_bytes") == 0);
  }

  @Test
  void zeroWindowStreamsAreHeldAtMaxConcurrentStreamsAndTheRestRefused() throws Exception {
    int attackers = Integer.getInteger("relay.hostile.zeroWindowConnections", 20);
    int extra = 10;
    byte[] small = TestTraces.request(TestTraces.spans("zero-window-", 1)).toByteArray();
    List<RawHttp2> conns = new ArrayList<>();
    try {
      CompletableFuture<Void> goodRun = goodClientRuns();
      for (int i = 0; i < attackers; i++) {
        RawHttp2 c = RawHttp2.connect(relay.grpcPort(), 0); // the relay can never send an answer's message
        conns.add(c);
        for (int n = 0; n < 100; n++) {
          c.export(small);
        }
      }
      // Each connection's 100 calls (max_concurrent_streams) are answered: with a head whose message cannot be
      // sent, so the call stays open, or, when the exporter's queue is full, with an UNAVAILABLE trailer, which ends
      // it. A call more takes a slot an ended call freed, or is refused.
      for (RawHttp2 c : conns) {
        awaitOrExplain(c, "100 calls answered", () -> c.answers() + c.ended() == 100);
        for (int n = 0; n < extra; n++) {
          c.openOnly();
        }
        long refusals = Math.max(0, extra - c.ended());
        awaitOrExplain(c, refusals + " calls over the limit refused", () -> c.refusedStreams() == refusals);
        assertThat(c.goAwayCode()).isEqualTo(-1);
      }
      // The relay counted each refusal the attackers received, as it sent it.
      long refusedStreams = conns.stream().mapToLong(RawHttp2::refusedStreams).sum();
      assertThat(RelayProcess.metric(relay.adminPort(), "relay_receiver_refused_streams_total",
          "reason=\"max_concurrent_streams\"")).isEqualTo(refusedStreams);
      assertThat(RelayProcess.metric(relay.adminPort(), "relay_receiver_refused_streams_total",
          "reason=\"going_away\"")).isZero();
      goodRun.get(120, TimeUnit.SECONDS);
      assertSurvivedAndDelivered();
      System.out.println("zero-window streams at -Xmx64m: " + attackers + " connections of 100 calls, "
          + conns.stream().mapToLong(RawHttp2::answers).sum() + " held open, "
          + conns.stream().mapToLong(RawHttp2::ended).sum() + " ended by the relay, "
          + conns.stream().mapToLong(RawHttp2::refusedStreams).sum() + " refused (REFUSED_STREAM); relay refused "
          + relay.metric("relay_receiver_refused_requests_total") + " requests; heap used " + relay.heapUsed()
          + " of " + relay.heapMax());
    } finally {
      for (RawHttp2 c : conns) {
        c.close();
      }
    }
  }

  /**
   * The default {@code max_connections} of the gRPC listener is sized from the heap: zero-window clients fill it
   * with calls they never read, the next connections are closed as they are accepted, and what the held calls keep
   * (measured after a full GC, so garbage is not counted) stays under half the heap. Its output gives the heap a
   * held call keeps, the figure the cap is sized with.
   */
  @Test
  void zeroWindowClientsBeyondTheHeapSizedConnectionCapAreRefusedAtConnect() throws Exception {
    // The relay's in-flight budget defaults to a quarter of its heap (Runtime.maxMemory()), as the cap is sized.
    long quarter = (long) relay.metric("relay_receiver_in_flight_limit_bytes");
    int cap = (int) Math.max(16, Math.min(256, quarter / (100 * 3072)));
    assertThat(cap).isBetween(50, 56);
    int extra = 10;
    byte[] small = TestTraces.request(TestTraces.spans("zero-window-", 1)).toByteArray();
    List<RawHttp2> held = new ArrayList<>();
    List<RawHttp2> refused = new ArrayList<>();
    fullGc();
    double baseline = relay.heapUsed();
    try {
      CompletableFuture<Void> goodRun = goodClientRuns(); // its connection is one of the cap
      for (int i = 0; i < cap - 1; i++) {
        RawHttp2 c = RawHttp2.connect(relay.grpcPort(), 0);
        held.add(c);
        for (int n = 0; n < 100; n++) {
          c.export(small);
        }
      }
      for (RawHttp2 c : held) {
        awaitOrExplain(c, "100 calls answered", () -> c.answers() + c.ended() == 100);
        assertThat(c.closedByServer()).as("held connection open: " + c).isFalse();
      }
      for (int i = 0; i < extra; i++) {
        try {
          RawHttp2 c = RawHttp2.connect(relay.grpcPort(), 0);
          refused.add(c);
          awaitOrExplain(c, "connection " + (cap + i) + " closed", c::closedByServer);
          assertThat(c.serverSettings()).as("closed before the HTTP/2 preface").isNull();
        } catch (java.io.IOException closedWhileWritingThePreface) {
          // refused just as well: the relay closed it before the client's preface was written
        }
      }
      Await.until(Duration.ofSeconds(20), extra + " connections refused", () -> RelayProcess.metric(
          relay.adminPort(), "relay_receiver_refused_connections_total", "transport=\"grpc\"") == extra);
      goodRun.get(120, TimeUnit.SECONDS);
      double usedBeforeGc = relay.heapUsed();
      fullGc();
      double live = relay.heapUsed();
      double heapMax = relay.heapMax();
      long openCalls = held.stream().mapToLong(RawHttp2::answers).sum();
      System.out.println("zero-window clients at -Xmx64m: max_connections " + cap + " from the heap; "
          + held.size() + " attacking connections held " + openCalls + " calls open ("
          + held.stream().mapToLong(RawHttp2::ended).sum() + " ended by the relay), " + extra
          + " connections more refused at accept; heap used " + (long) usedBeforeGc + ", after a full GC "
          + (long) live + " of " + (long) heapMax + " (" + (long) baseline + " before the attack: "
          + (long) ((live - baseline) / Math.max(1, openCalls)) + " bytes a held call)");
      assertThat(live).as("heap in use after a full GC, " + openCalls + " calls held").isLessThan(heapMax / 2);
      assertSurvivedAndDelivered();
    } finally {
      for (RawHttp2 c : held) {
        c.close();
      }
      for (RawHttp2 c : refused) {
        c.close();
      }
    }
  }

  /** A full collection in the relay's JVM (jcmd GC.run), so that heap in use is what is live. */
  private void fullGc() throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(relay.process().process().pid()), "GC.run")
        .redirectErrorStream(true).start();
    String out = new String(gc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(gc.waitFor(60, TimeUnit.SECONDS)).as("jcmd GC.run").isTrue();
    assertThat(gc.exitValue()).as("jcmd GC.run: " + out).isZero();
  }

  private void awaitOrExplain(RawHttp2 c, String what, java.util.function.BooleanSupplier condition) {
    try {
      Await.until(Duration.ofSeconds(30), what, condition);
    } catch (AssertionError e) {
      throw new AssertionError(what + ": " + c + "; relay heap " + relay.heapUsed() + "; output:\n"
          + relay.output(), e);
    }
  }

  @Test
  void aHeadersAndRstStreamFloodIsSentGoAway() throws Exception {
    int attackers = 4;
    int pairs = 1_000; // twice what 10 s allow: small enough that the relay reads it all before it closes
    CompletableFuture<Void> goodRun = goodClientRuns();
    for (int i = 0; i < attackers; i++) {
      try (RawHttp2 c = RawHttp2.connect(relay.grpcPort(), 65_535)) {
        c.rapidReset(pairs);
        awaitOrExplain(c, "GOAWAY", () -> c.goAwayCode() >= 0);
        assertThat(c.goAwayCode()).isEqualTo(RawHttp2.ENHANCE_YOUR_CALM);
        awaitOrExplain(c, "the connection closed", c::closedByServer);
      }
    }
    // A flood that does not stop to listen: the relay closes it (its GOAWAY may be lost in the reset).
    int flood = 50_000;
    try (RawHttp2 c = RawHttp2.connect(relay.grpcPort(), 65_535)) {
      int sent = c.rapidReset(flood);
      awaitOrExplain(c, "the flood's connection closed", c::closedByServer);
      System.out.println("rapid reset at -Xmx64m: " + attackers + " connections sent GOAWAY (ENHANCE_YOUR_CALM) after "
          + pairs + " HEADERS+RST_STREAM pairs each; a flood of " + sent + " pairs closed (" + c + "); heap used "
          + relay.heapUsed() + " of " + relay.heapMax());
    }
    // One GOAWAY ENHANCE_YOUR_CALM counted per connection closed for it, the flood's included (it is sent even
    // when the client no longer reads it).
    Await.until(Duration.ofSeconds(20), "the flood's connection counted",
        () -> calmed("rapid_reset") == attackers + 1);
    goodRun.get(120, TimeUnit.SECONDS);
    assertSurvivedAndDelivered();
    assertThat(calmed("rapid_reset")).isEqualTo(attackers + 1);
    assertThat(calmed("too_many_pings") + calmed("enhance_your_calm")).isZero();
    assertThat(relay.output()).contains("closed the connection from /127.0.0.1:").contains("HTTP/2 rapid reset");
  }

  private double calmed(String reason) {
    return RelayProcess.metric(relay.adminPort(), "relay_receiver_closed_connections_total",
        "reason=\"" + reason + "\"");
  }
}
