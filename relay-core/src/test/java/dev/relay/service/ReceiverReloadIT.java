package dev.relay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.pipeline.ConfigDiff;
import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.LiveRelay;
import dev.relay.testing.Sdk;
import dev.relay.testing.SteadyLoad;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestCerts;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestTraces;
import dev.relay.testing.Tools;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver whose endpoint stays the same while its other settings change keeps its listening sockets across a
 * reload: under steady load on both protocols, no connection is refused, no call fails, every span arrives once,
 * and the new settings (certificate, size limits) are in force for new connections as soon as the reload returns.
 */
class ReceiverReloadIT {
  /** A gRPC message between the two configs' limits: over 1 MiB, under 2 MiB (1,500 spans). */
  private static final ExportTraceServiceRequest BIG = TestTraces.request(bigSpans(1500));
  /**
   * An HTTP body between the two configs' limits: over 512 KiB, under 2 MiB (750 spans), and under the 1 MiB a
   * refusing connection reads and drops before it closes, so the client reads its 413.
   */
  private static final ExportTraceServiceRequest BIG_BODY = TestTraces.request(bigSpans(750));

  @TempDir
  Path dir;

  @BeforeEach
  void certificates() throws Exception {
    assumeTrue(Tools.onPath("openssl"), "needs openssl on PATH");
    TestCerts.make(dir);
    TestCerts.server(dir, "server2");
  }

  private static io.opentelemetry.proto.trace.v1.Span.Builder[] bigSpans(int count) {
    io.opentelemetry.proto.trace.v1.Span.Builder[] spans = TestTraces.spans("big-", count);
    String pad = "x".repeat(1000);
    for (io.opentelemetry.proto.trace.v1.Span.Builder s : spans) {
      s.setName(s.getName() + pad);
    }
    return spans;
  }

  /**
   * Config "a" or "b": the same endpoints; "a" serves server.crt and takes 1 MiB per gRPC message and 512 KiB per
   * HTTP body, "b" serves server2.crt and takes 2 MiB of either.
   */
  private TestConfig variant(String v, int grpcPort, int httpPort, TempoStub tempo) {
    String cert = v.equals("a") ? "server" : "server2";
    String tls = "tls: {cert_file: %s, key_file: %s}".formatted(dir.resolve(cert + ".crt"), dir.resolve(cert + ".key"));
    int mib = v.equals("a") ? 1 : 2;
    return new TestConfig()
        .receiver("otlp", """
            protocols:
              grpc:
                endpoint: 127.0.0.1:%d
                max_recv_msg_size_mib: %d
                %s
              http:
                endpoint: 127.0.0.1:%d
                max_request_body_size: %d
                %s
            """.formatted(grpcPort, mib, tls, httpPort, v.equals("a") ? 512 * 1024 : 2 * 1024 * 1024, tls))
        .otlpExporter("otlp", tempo, """
            sending_queue:
              queue_size: 100000
            """)
        .service("shutdown_timeout: 10s")
        .pipeline("traces", List.of("otlp"), List.of("otlp"));
  }

  @Test
  void tenReloadsOfTlsAndLimitsUnderLoadRefuseNothingAndLoseNothing() throws Exception {
    int grpcPort = FreePorts.next();
    int httpPort = FreePorts.next();
    byte[] ca = Files.readAllBytes(dir.resolve("ca.crt"));
    SSLContext trusting = TestCerts.trusting(dir.resolve("ca.crt"));
    try (TempoStub tempo = TempoStub.start();
        LiveRelay relay = new LiveRelay(variant("a", grpcPort, httpPort, tempo));
        Sdk grpcSdk = Sdk.with(OtlpGrpcSpanExporter.builder().setEndpoint("https://localhost:" + grpcPort)
            .setTrustedCertificates(ca).setTimeout(Duration.ofSeconds(10)).setRetryPolicy(null).build());
        Sdk httpSdk = Sdk.with(OtlpHttpSpanExporter.builder().setEndpoint("https://localhost:" + httpPort
            + "/v1/traces").setTrustedCertificates(ca).setTimeout(Duration.ofSeconds(10)).setRetryPolicy(null)
            .build())) {
      SteadyLoad load = SteadyLoad.start(20, grpcSdk, httpSdk); // 2,000 spans/s each, no retries
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong connects = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      // New connections all the time, on both ports: one refused while the socket changed hands would count.
      Thread probe = new Thread(() -> {
        for (int i = 0; running.get() && i < 1_000_000; i++) {
          int port = i % 2 == 0 ? grpcPort : httpPort;
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            connects.incrementAndGet();
          } catch (ConnectException e) {
            refused.incrementAndGet();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
      }, "connect-probe");
      probe.start();
      long bigAccepted = 0;
      for (int i = 0; i < 10; i++) {
        long before = tempo.spanCount();
        Await.until(Duration.ofSeconds(10), "spans flowing", () -> tempo.spanCount() > before + 200);
        String v = i % 2 == 0 ? "b" : "a";
        ReloadResult r = relay.reload(variant(v, grpcPort, httpPort, tempo));
        assertThat(r.outcome()).as(String.valueOf(r.faults())).isEqualTo(ReloadResult.Outcome.SUCCESS);
        assertThat(r.diff().ids(ConfigDiff.Change.CHANGED)).containsExactly("receiver otlp");
        assertThat(relay.grpcPort()).isEqualTo(grpcPort);
        assertThat(relay.httpPort()).isEqualTo(httpPort);
        // In force for the next connection: the certificate and the size limits.
        BigInteger serial = TestCerts.serial(dir.resolve((v.equals("a") ? "server" : "server2") + ".crt"));
        assertThat(TestCerts.serialPresentedAt(trusting, grpcPort)).as("gRPC certificate").isEqualTo(serial);
        assertThat(TestCerts.serialPresentedAt(trusting, httpPort)).as("HTTP certificate").isEqualTo(serial);
        assertThat(grpcExport(grpcPort, BIG))
            .isEqualTo(v.equals("a") ? Status.Code.RESOURCE_EXHAUSTED : Status.Code.OK);
        assertThat(httpExport(trusting, httpPort, BIG_BODY)).isEqualTo(v.equals("a") ? 413 : 200);
        if (v.equals("b")) {
          bigAccepted += count(BIG) + count(BIG_BODY);
        }
      }
      long total = load.stop();
      running.set(false);
      probe.join(10_000);
      grpcSdk.flush(); // fails if any export failed: no UNAVAILABLE, no reset connection, nothing refused
      httpSdk.flush();
      long expected = total + bigAccepted;
      System.out.printf("receiver reloads under load: %d SDK spans, %d connections, %d refused%n", total,
          connects.get(), refused.get());
      assertThat(refused.get()).as("connections refused").isZero();
      assertThat(connects.get()).as("connections made").isGreaterThan(100);
      Await.until(Duration.ofSeconds(30), "every span at Tempo", () -> tempo.spanCount() >= expected);
      Set<ByteString> ids = new HashSet<>();
      long sdkSpans = 0;
      for (var s : tempo.spans()) {
        if (s.getName().equals("s")) {
          sdkSpans++;
          ids.add(s.getSpanId());
        }
      }
      assertThat(sdkSpans).as("SDK spans at Tempo, no duplicates").isEqualTo(total);
      assertThat(ids).as("every SDK span exactly once").hasSize((int) total);
      assertThat(tempo.spanCount()).isEqualTo(expected);
    }
  }

  @Test
  void turningMutualTlsOnAndOffByReloadAppliesToTheNextConnection() throws Exception {
    int grpcPort = FreePorts.next();
    int httpPort = FreePorts.next();
    byte[] ca = Files.readAllBytes(dir.resolve("ca.crt"));
    byte[] key = Files.readAllBytes(dir.resolve("client.key"));
    byte[] cert = Files.readAllBytes(dir.resolve("client.crt"));
    try (TempoStub tempo = TempoStub.start()) {
      // clientCa: "" or ", client_ca_file: ..." inside both protocols' tls.
      java.util.function.Function<String, TestConfig> config = clientCa -> {
        String tls = "tls: {cert_file: %s, key_file: %s%s}".formatted(dir.resolve("server.crt"),
            dir.resolve("server.key"), clientCa);
        return new TestConfig()
            .receiver("otlp", """
                protocols:
                  grpc: {endpoint: 127.0.0.1:%d, %s}
                  http: {endpoint: 127.0.0.1:%d, %s}
                """.formatted(grpcPort, tls, httpPort, tls))
            .otlpExporter("otlp", tempo)
            .pipeline("traces", List.of("otlp"), List.of("otlp"));
      };
      try (LiveRelay relay = new LiveRelay(config.apply(""))) {
        int sent = 0;
        for (String clientCa : List.of(", client_ca_file: " + dir.resolve("ca.crt"), "")) {
          ReloadResult r = relay.reload(config.apply(clientCa));
          assertThat(r.outcome()).as(String.valueOf(r.faults())).isEqualTo(ReloadResult.Outcome.SUCCESS);
          boolean mutual = !clientCa.isEmpty();
          for (boolean grpc : List.of(true, false)) {
            String url = grpc ? "https://localhost:" + grpcPort : "https://localhost:" + httpPort + "/v1/traces";
            sendOne(exporter(grpc, url, ca, key, cert)); // a client certificate is always taken
            sent++;
            if (mutual) {
              assertThatThrownBy(() -> sendOne(exporter(grpc, url, ca, null, null)))
                  .as("no client certificate").isInstanceOf(AssertionError.class);
            } else {
              sendOne(exporter(grpc, url, ca, null, null));
              sent++;
            }
          }
        }
        int expected = sent;
        Await.until(Duration.ofSeconds(20), "the accepted spans at Tempo", () -> tempo.spanCount() == expected);
      }
    }
  }

  @Test
  void anOpenHttpConnectionFinishesItsRequestUnderTheOldSettingsAndIsThenClosed() throws Exception {
    int port = FreePorts.next();
    byte[] body = TestTraces.request("open").toByteArray();
    try (TempoStub tempo = TempoStub.start()) {
      java.util.function.IntFunction<TestConfig> config = limit -> new TestConfig()
          .receiver("otlp", "protocols: {http: {endpoint: 127.0.0.1:%d, max_request_body_size: %d}}\n"
              .formatted(port, limit))
          .otlpExporter("otlp", tempo)
          .service("shutdown_timeout: 20s")
          .pipeline("traces", List.of("otlp"), List.of("otlp"));
      try (LiveRelay relay = new LiveRelay(config.apply(1 << 20));
          Socket idle = new Socket("127.0.0.1", port);
          Socket busy = new Socket("127.0.0.1", port)) {
        idle.setSoTimeout(20_000);
        busy.setSoTimeout(20_000);
        idle.getOutputStream().write(rawPost(body, body.length));
        assertThat(responseHead(idle.getInputStream())).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("close");
        // A request whose head and first half have arrived when the reload starts.
        busy.getOutputStream().write(rawPost(body, body.length / 2));
        busy.getOutputStream().flush();

        // The new limit is smaller than the body: the busy connection's request must still be taken (old settings).
        java.util.concurrent.CompletableFuture<ReloadResult> reload =
            java.util.concurrent.CompletableFuture.supplyAsync(() -> relay.reload(config.apply(body.length - 1)));
        assertThat(idle.getInputStream().read()).as("the idle connection is closed").isEqualTo(-1);
        // The old server has stopped accepting (it closed the idle connection after that): a new connection is the
        // new receiver's.
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode()).as("new connection, new limit").isEqualTo(413);
        assertThat(reload).as("the reload waits for the busy connection").isNotDone();

        busy.getOutputStream().write(body, body.length / 2, body.length - body.length / 2);
        busy.getOutputStream().flush();
        assertThat(responseHead(busy.getInputStream())).startsWith("HTTP/1.1 200").containsIgnoringCase(
            "connection: close");
        assertThat(busy.getInputStream().read()).as("then closed").isEqualTo(-1);
        assertThat(reload.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(ReloadResult.Outcome.SUCCESS);
        Await.until(Duration.ofSeconds(10), "both requests at Tempo", () -> tempo.spanCount() == 2);
      }
    }
  }

  @Test
  void aGrpcJavaChannelKeptAcrossReloadsFailsNoCallAndReachesTheNewSettings() throws Exception {
    int port = FreePorts.next();
    try (TempoStub tempo = TempoStub.start()) {
      java.util.function.IntFunction<TestConfig> config = mib -> new TestConfig()
          .receiver("otlp", "protocols: {grpc: {endpoint: 127.0.0.1:%d, max_recv_msg_size_mib: %d}}\n"
              .formatted(port, mib))
          .otlpExporter("otlp", tempo, "sending_queue: {queue_size: 100000}\n")
          .pipeline("traces", List.of("otlp"), List.of("otlp"));
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      try (LiveRelay relay = new LiveRelay(config.apply(2))) {
        byte[] small = TestTraces.request("kept").toByteArray();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        List<Status.Code> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread caller = new Thread(() -> {
          for (int i = 0; running.get() && i < 1_000_000; i++) {
            try {
              ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT,
                  CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), small);
              ok.incrementAndGet();
            } catch (StatusRuntimeException e) {
              failures.add(e.getStatus().getCode());
            }
          }
        }, "one-channel");
        caller.start();
        for (int i = 0; i < 6; i++) {
          long before = ok.get();
          Await.until(Duration.ofSeconds(10), "calls going through", () -> ok.get() > before + 50);
          ReloadResult r = relay.reload(config.apply(i % 2 == 0 ? 1 : 2));
          assertThat(r.outcome()).as(String.valueOf(r.faults())).isEqualTo(ReloadResult.Outcome.SUCCESS);
        }
        long before = ok.get();
        Await.until(Duration.ofSeconds(10), "calls going through", () -> ok.get() > before + 50);
        running.set(false);
        caller.join(10_000);
        assertThat(failures).as("calls failed across the reloads").isEmpty();
        // The last config takes 2 MiB; one more reload to 1 MiB, and the same channel's next big call is refused.
        assertThat(relay.reload(config.apply(1)).outcome()).isEqualTo(ReloadResult.Outcome.SUCCESS);
        Status.Code big;
        try {
          ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT,
              CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), BIG.toByteArray());
          big = Status.Code.OK;
        } catch (StatusRuntimeException e) {
          big = e.getStatus().getCode();
        }
        assertThat(big).as("the channel reconnected to the new settings").isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        long total = ok.get();
        Await.until(Duration.ofSeconds(20), "every call's span at Tempo", () -> tempo.spanCount() == total);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** The head of a POST of {@code body} to /v1/traces and its first {@code bytes} bytes. */
  private static byte[] rawPost(byte[] body, int bytes) {
    byte[] head = ("POST /v1/traces HTTP/1.1\r\nHost: relay\r\nContent-Type: application/x-protobuf\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] out = java.util.Arrays.copyOf(head, head.length + bytes);
    System.arraycopy(body, 0, out, head.length, bytes);
    return out;
  }

  /** Reads one response: returns its head, and reads (drops) its body by its Content-Length. */
  private static String responseHead(java.io.InputStream in) throws java.io.IOException {
    StringBuilder head = new StringBuilder();
    for (int b; !head.toString().endsWith("\r\n\r\n"); ) {
      if ((b = in.read()) < 0 || head.length() > 8192) {
        throw new java.io.EOFException("response head: " + head);
      }
      head.append((char) b);
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
    in.readNBytes(length);
    return head.toString();
  }

  private static io.opentelemetry.sdk.trace.export.SpanExporter exporter(boolean grpc, String url, byte[] ca,
      byte[] key, byte[] cert) {
    if (grpc) {
      var b = Sdk.grpcExporter(url).setTrustedCertificates(ca);
      return (key != null ? b.setClientTls(key, cert) : b).build();
    }
    var b = OtlpHttpSpanExporter.builder().setEndpoint(url).setTimeout(Duration.ofSeconds(10)).setRetryPolicy(null)
        .setTrustedCertificates(ca);
    return (key != null ? b.setClientTls(key, cert) : b).build();
  }

  private static void sendOne(io.opentelemetry.sdk.trace.export.SpanExporter exporter) {
    try (Sdk sdk = Sdk.with(exporter)) {
      sdk.tracer().spanBuilder("one").startSpan().end();
      sdk.flush();
    }
  }

  private static int count(ExportTraceServiceRequest r) {
    return r.getResourceSpans(0).getScopeSpans(0).getSpansCount();
  }

  /** A raw OTLP/gRPC export over TLS on a new connection; its status code. */
  private Status.Code grpcExport(int port, ExportTraceServiceRequest request) throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", port)
        .sslContext(GrpcSslContexts.forClient().trustManager(dir.resolve("ca.crt").toFile()).build())
        .maxInboundMessageSize(16 << 20)
        .build();
    try {
      ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT,
          CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request.toByteArray());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** A raw OTLP/HTTP export over TLS on a new connection; its status. */
  private static int httpExport(SSLContext trusting, int port, ExportTraceServiceRequest request) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trusting).version(HttpClient.Version.HTTP_1_1).build();
    return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/v1/traces"))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
