package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: the packaged relay at the image's heap, a good client at 10,000 spans/s over gRPC, and 1% hostile
 * requests mixed in (gzip bombs, bodies stalled near the size limit, spans with 100,000 attributes, malformed
 * protobuf, a /tap with a 1,000-level match). Zero crashes, zero good spans lost, RSS flat after the first minute.
 * Long: it runs only when asked, for {@code -Drelay.soak.minutes=N} minutes (docs/BENCHMARKS.md has the command).
 */
class SoakProcessIT {
  private static final int SPANS_PER_REQUEST = 100;
  private static final int REQUESTS_PER_SECOND = 100; // 10,000 spans/s

  @TempDir
  Path dir;

  private RelayProcess relay;

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
    int grpcPort = FreePorts.next();
    int httpPort = FreePorts.next();
    int admin = FreePorts.next();
    try (TempoStub tempo = TempoStub.start()) {
      Path config = dir.resolve("relay.yaml");
      Files.writeString(config, new TestConfig()
          .receiver("otlp", """
              protocols:
                grpc:
                  endpoint: 127.0.0.1:%d
                http:
                  endpoint: 127.0.0.1:%d
              """.formatted(grpcPort, httpPort))
          .otlpExporter("otlp/tempo", tempo)
          .admin("127.0.0.1:" + admin)
          .pipeline("traces", List.of("otlp"), List.of("otlp/tempo"))
          .yaml());
      relay = RelayProcess.start(dir.resolve("relay.log"), "64m", Map.of(), "run", "--config", config.toString());
      relay.awaitStarted();
      long pid = relay.process().pid(); // the launcher execs java: the same process
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
      ExecutorService hostile = Executors.newFixedThreadPool(4);
      HttpClient http = HttpClient.newHttpClient();
      byte[] bomb = gzipZeros(64);
      AtomicLong sentSpans = new AtomicLong();
      AtomicLong retries = new AtomicLong();
      List<Long> rssKib = new ArrayList<>();
      long start = System.nanoTime();
      long end = start + length.toNanos();
      long nextRss = start;
      try {
        for (long n = 0; System.nanoTime() < end; n++) {
          long due = start + n * TimeUnit.SECONDS.toNanos(1) / REQUESTS_PER_SECOND;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait); // pacing the load, not synchronisation
          }
          if (n % 100 == 99) {
            long kind = n / 100;
            hostile.execute(() -> attack(kind, http, httpPort, admin, bomb));
          }
          byte[] request = TestTraces.request(TestTraces.spans("soak-" + n + "-", SPANS_PER_REQUEST)).toByteArray();
          for (int attempt = 0; ; attempt++) {
            try {
              ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT
                  .withDeadlineAfter(10, TimeUnit.SECONDS), request);
              break;
            } catch (StatusRuntimeException e) {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(attempt).isLessThan(100);
              retries.incrementAndGet();
              TimeUnit.MILLISECONDS.sleep(20); // the client's backoff
            }
          }
          sentSpans.addAndGet(SPANS_PER_REQUEST);
          if (System.nanoTime() >= nextRss) {
            rssKib.add(rssKib(pid));
            nextRss += TimeUnit.SECONDS.toNanos(10);
          }
        }
      } finally {
        hostile.shutdownNow();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      assertThat(relay.process().isAlive()).as("alive; output:\n" + relay.output()).isTrue();
      Await.until(Duration.ofSeconds(60), sentSpans.get() + " good spans at Tempo",
          () -> tempo.spans().stream().filter(s -> s.getName().startsWith("soak-")).count() == sentSpans.get());
      List<Long> afterFirstMinute = rssKib.subList(Math.min(6, rssKib.size()), rssKib.size());
      System.out.println("soak " + length.toMinutes() + " min: " + sentSpans.get() + " good spans delivered, "
          + retries.get() + " retries; RSS KiB every 10 s: " + rssKib);
      if (!afterFirstMinute.isEmpty()) {
        long first = afterFirstMinute.get(0);
        assertThat(afterFirstMinute.stream().mapToLong(Long::longValue).max().orElseThrow())
            .as("RSS flat after the first minute (within 15%)").isLessThanOrEqualTo(first * 115 / 100);
      }
      assertThat(relay.output()).doesNotContain("OutOfMemoryError");
    }
  }

  /** One hostile request, by turn. Its outcome is not asserted: the relay's survival and the good client's are. */
  private static void attack(long kind, HttpClient http, int httpPort, int admin, byte[] bomb) {
    try {
      switch ((int) (kind % 5)) {
        case 0 -> http.send(post(httpPort, bomb, true), HttpResponse.BodyHandlers.discarding());
        case 1 -> {
          try (Socket s = new Socket("127.0.0.1", httpPort)) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
                + "Content-Length: 4000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[3_000_000]);
            TimeUnit.SECONDS.sleep(5); // held, stalled
          }
        }
        case 2 -> http.send(post(httpPort, wideSpan(100_000), false), HttpResponse.BodyHandlers.discarding());
        case 3 -> http.send(post(httpPort, new byte[] {(byte) 0xff, 0x0a}, false),
            HttpResponse.BodyHandlers.discarding());
        default -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin
            + "/tap?pipeline=traces&match=" + "(".repeat(1_000) + "true" + ")".repeat(1_000))).build(),
            HttpResponse.BodyHandlers.discarding());
      }
    } catch (Exception e) {
      // a refused or cut connection is the relay defending itself
    }
  }

  private static HttpRequest post(int port, byte[] body, boolean gzip) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf");
    if (gzip) {
      b.header("Content-Encoding", "gzip");
    }
    return b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  private static byte[] gzipZeros(int mib) throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(compressed)) {
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < mib; i++) {
        z.write(zeros);
      }
    }
    return compressed.toByteArray();
  }

  private static byte[] wideSpan(int attributes) throws Exception {
    ByteArrayOutputStream span = new ByteArrayOutputStream();
    TestTraces.spanWithIds("wide").build().writeTo(span);
    for (int i = 0; i < attributes; i++) {
      span.write(new byte[] {0x4a, 0x03, 0x0a, 0x01, 'k'});
    }
    return wrap(1, wrap(2, wrap(2, span.toByteArray())));
  }

  private static byte[] wrap(int field, byte[] body) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 8);
    com.google.protobuf.CodedOutputStream c = com.google.protobuf.CodedOutputStream.newInstance(out);
    c.writeByteArray(field, body);
    c.flush();
    return out.toByteArray();
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
