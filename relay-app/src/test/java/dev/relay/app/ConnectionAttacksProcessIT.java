package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.HostileRequests;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestTraces;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
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
 * Clients that hold connections, against the packaged relay with the image's JVM flags: slowloris heads (a byte
 * every 200 ms) on OTLP/HTTP and the admin server, cut at {@code read_header_timeout} from their first byte; 1,000
 * idle connections each on gRPC and the admin server, refused past {@code max_connections} and closed at the idle
 * timeouts; and the HTTP correctness cases (pipelined requests answered in order, a 1,000-level {@code match}, an
 * oversized header). The timeouts are shortened in the config (1 s, 3 s) so that what they do shows in seconds.
 * Every close is counted by the relay, as many as the attackers saw; a good gRPC client sending meanwhile gets every
 * span delivered.
 */
class ConnectionAttacksProcessIT {
  private static final OtlpRelayProcess.Settings SHORT_TIMEOUTS = new OtlpRelayProcess.Settings("""
      keepalive:
        server_parameters:
          max_connection_idle: 1s
      """, """
      read_header_timeout: 1s
      """, """
      read_header_timeout: 1s
      idle_timeout: 3s
      """, null);

  @TempDir
  Path dir;

  private TempoStub tempo;
  private OtlpRelayProcess relay;
  private GoodTraffic good;

  @BeforeEach
  void start() throws Exception {
    tempo = TempoStub.start();
    relay = OtlpRelayProcess.start(dir, tempo, SHORT_TIMEOUTS);
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
  void slowlorisHeadsAreCutAtReadHeaderTimeoutFromTheirFirstByteAndCounted() throws Exception {
    int onHttp = 250; // under the listener's max_connections (256): each one is held until its head times out
    int onAdmin = 50; // under the admin server's 128
    CompletableFuture<Void> goodRun = good.runs();
    List<Socket> open = new ArrayList<>();
    List<Long> firstByte = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < onHttp + onAdmin; i++) {
      firstByte.add(System.nanoTime());
      open.add(HostileRequests.slowloris(i < onHttp ? relay.httpPort() : relay.adminPort()));
    }
    List<Socket> sockets = List.copyOf(open);
    long[] cutAfter = new long[sockets.size()];
    // A byte every 200 ms on each connection, for at most 15 s: each is cut 1 s after its first byte, although
    // bytes keep coming (a write fails once the relay closed the connection).
    for (int round = 1; round <= 75 && open.stream().anyMatch(s -> !s.isClosed()); round++) {
      Thread.sleep(200); // the attacker's pace, not synchronisation
      for (int i = 0; i < sockets.size(); i++) {
        Socket s = sockets.get(i);
        if (!s.isClosed() && !HostileRequests.drip(s, round)) {
          cutAfter[i] = System.nanoTime() - firstByte.get(i);
          s.close();
        }
      }
    }
    long elapsed = System.nanoTime() - start;
    for (Socket s : sockets) {
      assertThat(s.isClosed()).as("every slowloris connection cut within 15 s").isTrue();
    }
    for (long cut : cutAfter) {
      assertThat(Duration.ofNanos(cut)).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(8));
    }
    Await.until(Duration.ofSeconds(10), "the cuts counted", () -> RelayProcess.metric(relay.adminPort(),
        "relay_receiver_closed_connections_total", "reason=\"read_header_timeout\"") == onHttp
        && RelayProcess.metric(relay.adminPort(), "relay_admin_closed_connections_total",
            "reason=\"read_header_timeout\"") == onAdmin);
    assertThat(RelayProcess.metric(relay.adminPort(), "relay_receiver_refused_connections_total",
        "transport=\"http\"")).isZero();
    goodRun.get(60, TimeUnit.SECONDS);
    good.assertSurvivedAndDelivered();
    System.out.println("slowloris at -Xmx64m: " + onHttp + " OTLP/HTTP and " + onAdmin + " admin connections, a byte"
        + " every 200 ms, all cut in " + Duration.ofNanos(elapsed).toMillis() + " ms (read_header_timeout 1 s);"
        + " heap used " + (long) relay.heapUsed() + " of " + (long) relay.heapMax());
  }

  @Test
  void idleConnectionsAreRefusedPastMaxConnectionsAndClosedAtTheIdleTimeoutsAndCounted() throws Exception {
    int attackers = 1_000;
    CompletableFuture<Void> goodRun = good.runs(); // connected first: its connection is one of gRPC's cap
    List<Socket> grpc = new ArrayList<>();
    List<Socket> admin = new ArrayList<>();
    try {
      for (int i = 0; i < attackers; i++) {
        grpc.add(HostileRequests.idle(relay.grpcPort()));
        admin.add(HostileRequests.idle(relay.adminPort()));
      }
      // gRPC: a held connection gets the server's SETTINGS at once, then its GOAWAY after max_connection_idle, and
      // is closed once its grace (the PING it never answers) is over; a refused one is closed before any byte.
      int grpcHeld = 0;
      for (Socket s : grpc) {
        long bytes = bytesUntilClosed(s);
        assertThat(bytes).as("connection closed by the relay within 30 s").isGreaterThanOrEqualTo(0);
        grpcHeld += bytes > 0 ? 1 : 0;
      }
      // The admin server sends an idle connection nothing: refused at accept or closed at idle_timeout, all closed.
      for (Socket s : admin) {
        assertThat(bytesUntilClosed(s)).as("admin connection closed by the relay within 30 s").isZero();
      }
      goodRun.get(60, TimeUnit.SECONDS);
      int grpcRefused = attackers - grpcHeld;
      // The gRPC cap is sized from the heap (53 at -Xmx64m); the good client holds one of its slots while it runs.
      assertThat(grpcHeld).isBetween(40, 53);
      double refusedGrpc = RelayProcess.metric(relay.adminPort(), "relay_receiver_refused_connections_total",
          "transport=\"grpc\"");
      // At least what the attackers saw; more only by the good client's reconnects that met a full listener (it
      // is sent away when idle too), each of which it retried.
      assertThat(refusedGrpc).isBetween((double) grpcRefused, (double) grpcRefused + good.client().retries());
      double idleGrpc = RelayProcess.metric(relay.adminPort(), "relay_receiver_closed_connections_total",
          "reason=\"max_connection_idle\"");
      assertThat(idleGrpc).as("each held connection sent away idle (and the good client's, perhaps)")
          .isBetween((double) grpcHeld, (double) grpcHeld + 1 + good.client().retries());
      // Admin: every attacker either refused or closed idle, and the relay counted each once. The first 128 were
      // all held (the test scraped nothing before them); later ones may take the slot of one closed meanwhile.
      double refusedAdmin = RelayProcess.metric(relay.adminPort(), "relay_admin_refused_connections_total", "");
      double idleAdmin = RelayProcess.metric(relay.adminPort(), "relay_admin_closed_connections_total",
          "reason=\"idle_timeout\"");
      assertThat(refusedAdmin + idleAdmin).isEqualTo(attackers);
      assertThat(idleAdmin).isGreaterThanOrEqualTo(128);
      good.assertSurvivedAndDelivered();
      System.out.println("idle connections at -Xmx64m: " + attackers + " on gRPC (" + grpcHeld + " held then sent"
          + " away idle, " + (long) refusedGrpc + " refused at accept), " + attackers + " on admin ("
          + (long) idleAdmin + " closed idle, " + (long) refusedAdmin + " refused at accept); good client retried "
          + good.client().retries() + " times; heap used " + (long) relay.heapUsed() + " of "
          + (long) relay.heapMax());
    } finally {
      for (Socket s : grpc) {
        s.close();
      }
      for (Socket s : admin) {
        s.close();
      }
    }
  }

  /** Bytes the relay sent on {@code s} before closing it; -1 when it is still open after 30 s. */
  private static long bytesUntilClosed(Socket s) throws IOException {
    s.setSoTimeout(30_000);
    long n = 0;
    try {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[256];
      for (int r; (r = in.read(buf)) >= 0; ) {
        n += r;
      }
      return n;
    } catch (SocketTimeoutException e) {
      return -1;
    } catch (SocketException reset) {
      return n;
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderAndBadHeadsGetTheirStatus() throws Exception {
    CompletableFuture<Void> goodRun = good.runs();
    // Three OTLP/HTTP requests in one write: each answered, in order (200, 405 for the GET, 200), both batches
    // delivered.
    byte[] first = TestTraces.request(TestTraces.spans("pipelined-1-", 1)).toByteArray();
    byte[] second = TestTraces.request(TestTraces.spans("pipelined-2-", 1)).toByteArray();
    try (Socket s = new Socket("127.0.0.1", relay.httpPort())) {
      s.getOutputStream().write(concat(concat(post(first), "GET /v1/traces HTTP/1.1\r\nHost: x\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII)), post(second)));
      s.setSoTimeout(10_000);
      String answers = readAnswers(s, 3);
      assertThat(java.util.regex.Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(answers).results()
          .map(m -> m.group(1)).toList()).containsExactly("200", "405", "200");
    }
    Await.until(Duration.ofSeconds(20), "both pipelined spans at Tempo", () -> tempo.spans().stream()
        .filter(sp -> sp.getName().startsWith("pipelined-")).count() == 2);
    // Two admin requests in one write: /healthz then /readyz, answered in that order.
    try (Socket s = new Socket("127.0.0.1", relay.adminPort())) {
      s.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout(10_000);
      String answers = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      int readyz = answers.indexOf("HTTP/1.1", 1);
      assertThat(answers.substring(0, readyz)).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok\n");
      assertThat(answers.substring(readyz)).startsWith("HTTP/1.1 200").contains("application/json");
    }
    // A 1,000-level match: 400 with the parser's message, the connection answered.
    var deep = java.net.http.HttpClient.newHttpClient().send(HostileRequests.deepMatchTap(relay.adminPort(), 1_000),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(deep.statusCode()).isEqualTo(400);
    assertThat(deep.body()).startsWith("invalid match: ").contains("nested deeper than 100 levels");
    // The same percent-encoded (6,000 bytes of %28 and %29): over the 4096-byte request line, 414.
    try (Socket s = new Socket("127.0.0.1", relay.adminPort())) {
      s.getOutputStream().write(("GET /tap?pipeline=traces&match=" + "%28".repeat(1_000) + "true"
          + "%29".repeat(1_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      assertThat(HostileRequests.status(s)).isEqualTo(414);
    }
    // A header over 8 KiB: 431 on both servers.
    String big = "X-Big: " + "a".repeat(10_000) + "\r\n";
    for (int port : new int[] {relay.httpPort(), relay.adminPort()}) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\n" + big + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        assertThat(HostileRequests.status(s)).as("port " + port).isEqualTo(431);
      }
    }
    goodRun.get(60, TimeUnit.SECONDS);
    good.assertSurvivedAndDelivered();
  }

  private static byte[] post(byte[] body) {
    return concat(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\nContent-Length: "
        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** What arrives on {@code s} until {@code n} answers' heads and bodies (by Content-Length) are in. */
  private static String readAnswers(Socket s, int n) throws IOException {
    StringBuilder text = new StringBuilder();
    InputStream in = s.getInputStream();
    int complete = 0;
    for (int guard = 0; complete < n && guard < 1_000_000; guard++) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      text.append((char) b);
      complete = completeAnswers(text.toString());
    }
    return text.toString();
  }

  private static int completeAnswers(String text) {
    int count = 0;
    int at = 0;
    while (true) {
      int headEnd = text.indexOf("\r\n\r\n", at);
      if (headEnd < 0) {
        return count;
      }
      String head = text.substring(at, headEnd).toLowerCase(java.util.Locale.ROOT);
      int cl = head.indexOf("content-length: ");
      int length = cl < 0 ? 0 : Integer.parseInt(head.substring(cl + 16, head.indexOf('\r', cl) < 0
          ? head.length() : head.indexOf('\r', cl)).trim());
      if (text.length() < headEnd + 4 + length) {
        return count;
      }
      count++;
      at = headEnd + 4 + length;
    }
  }
}
