package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
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
import io.opentelemetry.proto.trace.v1.Span;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks that once killed the relay, against the packaged relay with the image's JVM flags ({@code -Xmx64m},
 * {@code -XX:+ExitOnOutOfMemoryError}), all at once: two gzip bombs at a time, three bodies stalled near the size
 * limit, a span with 700,000 attributes. The relay stays up, its held request bytes stay within the budget, each
 * refusal is the documented status and is counted, and a well-behaved client that retries as OTLP clients do gets
 * every one of its spans delivered.
 */
class HostileClientsProcessIT {
  private static final int GOOD_REQUESTS = 100;
  private static final int GOOD_SPANS_PER_REQUEST = 10;
  private static final int BOMBS = 8;

  @TempDir
  Path dir;

  private RelayProcess relay;

  @AfterEach
  void stop() throws Exception {
    if (relay != null) {
      relay.close();
    }
  }

  private static byte[] gzipBomb(int mib) throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(compressed)) {
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < mib; i++) {
        z.write(zeros);
      }
    }
    return compressed.toByteArray();
  }

  /** One span with {@code n} attributes, written as bytes (5 an attribute). */
  private static byte[] wideSpan(int n) throws Exception {
    ByteArrayOutputStream span = new ByteArrayOutputStream();
    TestTraces.spanWithIds("wide").build().writeTo(span);
    byte[] attribute = {0x4a, 0x03, 0x0a, 0x01, 'k'};
    for (int i = 0; i < n; i++) {
      span.write(attribute);
    }
    return wrap(1, wrap(2, wrap(2, span.toByteArray())));
  }

  private static byte[] wrap(int field, byte[] body) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 8);
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    c.writeByteArray(field, body);
    c.flush();
    return out.toByteArray();
  }

  private static byte[] goodRequest(int n) {
    return TestTraces.request(TestTraces.spans("good-" + n + "-", GOOD_SPANS_PER_REQUEST)).toByteArray();
  }

  @Test
  void attacksAtTheImagesHeapAreRefusedAndCountedWhileAGoodClientLosesNothing() throws Exception {
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
      double budget = RelayProcess.metric(admin, "relay_receiver_in_flight_limit_bytes");
      // A quarter of what the JVM reports as its maximum heap (a little under -Xmx64m with the serial collector).
      assertThat(budget).isBetween(12.0 * 1024 * 1024, 16.0 * 1024 * 1024);

      // Three bodies declared just under the 4 MiB limit, sent to 3.9 MB and stalled: 11.7 MB of the 16 MiB held.
      List<Socket> stalled = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Socket s = new Socket("127.0.0.1", httpPort);
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
            + "Content-Length: 4000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[3_900_000]);
        out.flush();
        stalled.add(s);
      }
      Await.until(Duration.ofSeconds(20), "the stalled bodies held",
          () -> RelayProcess.metric(admin, "relay_receiver_in_flight_bytes") == 3 * 3_900_000);

      HttpClient http = HttpClient.newHttpClient();
      byte[] bomb = gzipBomb(256);
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
      AtomicInteger goodRetries = new AtomicInteger();
      try {
        // The good client, at the same time: each request retried on UNAVAILABLE, as OTLP clients do (bounded).
        CompletableFuture<Void> good = CompletableFuture.runAsync(() -> {
          for (int n = 0; n < GOOD_REQUESTS; n++) {
            for (int attempt = 0; ; attempt++) {
              try {
                ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT
                    .withDeadlineAfter(10, TimeUnit.SECONDS), goodRequest(n));
                break;
              } catch (StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(attempt).as("retries of request %d", n).isLessThan(200);
                goodRetries.incrementAndGet();
                sleepQuietly(50);
              }
            }
          }
        });
        // Gzip bombs, two at a time: each stops at the size limit (413) or at the budget (503).
        int refusedBombs = 0;
        for (int i = 0; i < BOMBS; i += 2) {
          var a = http.sendAsync(bombRequest(httpPort, bomb), HttpResponse.BodyHandlers.discarding());
          var b = http.sendAsync(bombRequest(httpPort, bomb), HttpResponse.BodyHandlers.discarding());
          for (HttpResponse<Void> res : List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS))) {
            assertThat(res.statusCode()).isIn(413, 503);
            refusedBombs++;
          }
          assertThat(RelayProcess.metric(admin, "relay_receiver_in_flight_bytes")).isLessThanOrEqualTo(budget);
        }
        // A span with 700,000 attributes (3.5 MB): accepted, cut to 128 attributes.
        HttpResponse<Void> wide = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/v1/traces")).header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(wideSpan(700_000))).build(),
            HttpResponse.BodyHandlers.discarding());
        assertThat(wide.statusCode()).isIn(200, 503);
        good.get(120, TimeUnit.SECONDS);

        assertThat(refusedBombs).isEqualTo(BOMBS);
        assertThat(relay.process().isAlive()).as("alive; output:\n" + relay.output()).isTrue();
        Await.until(Duration.ofSeconds(30), "every good span at Tempo", () -> tempo.spans().stream()
            .filter(s -> s.getName().startsWith("good-")).count() == GOOD_REQUESTS * GOOD_SPANS_PER_REQUEST);
        if (wide.statusCode() == 200) {
          Await.until(Duration.ofSeconds(30), "the wide span at Tempo",
              () -> tempo.spans().stream().anyMatch(s -> s.getName().equals("wide")));
          Span cut = tempo.spans().stream().filter(s -> s.getName().equals("wide")).findFirst().orElseThrow();
          assertThat(cut.getAttributesCount()).isEqualTo(128);
          assertThat(cut.getDroppedAttributesCount()).isEqualTo(700_000 - 128);
        }
        double heapUsed = RelayProcess.metric(admin, "jvm_memory_used_bytes");
        System.out.println("hostile clients at -Xmx64m: " + refusedBombs + " bombs refused, good client retried "
            + goodRetries.get() + " times, in-flight refusals "
            + RelayProcess.metric(admin, "relay_receiver_in_flight_refusals_total") + ", JVM memory used (heap and not) " + heapUsed);
        assertThat(RelayProcess.metric(admin, "relay_receiver_refused_requests_total"))
            .isEqualTo(refusedBombs + goodRetries.get() + (wide.statusCode() == 503 ? 1 : 0));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        for (Socket s : stalled) {
          s.close();
        }
      }
      Await.until(Duration.ofSeconds(20), "the stalled bodies given back",
          () -> RelayProcess.metric(admin, "relay_receiver_in_flight_bytes") == 0);
      assertThat(relay.output()).doesNotContain("OutOfMemoryError");
    }
  }

  private static HttpRequest bombRequest(int port, byte[] bomb) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bomb)).build();
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms); // a client's retry backoff, not synchronisation
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
