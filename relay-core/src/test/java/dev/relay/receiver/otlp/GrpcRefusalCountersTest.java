package dev.relay.receiver.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.ConfigMap;
import dev.relay.config.Problems;
import dev.relay.config.ServerSettings;
import dev.relay.config.TlsSettings;
import dev.relay.config.YamlLoader;
import dev.relay.consumer.Consumers;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.Await;
import dev.relay.testing.RawHttp2;
import dev.relay.testing.TestCerts;
import dev.relay.testing.TestTraces;
import dev.relay.testing.Tools;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gRPC listener counts, in its own meters, each stream it refuses past {@code max_concurrent_streams} and each
 * connection it closes with GOAWAY ENHANCE_YOUR_CALM: exactly what a raw HTTP/2 attacker receives, in plaintext and
 * over TLS (where the counting must sit above the TLS handler), while a well-behaved client goes on being served.
 */
class GrpcRefusalCountersTest {
  private static final int MAX_STREAMS = 3;
  private static final int GOOD_CALLS = 20;
  private static final int SPANS_PER_CALL = 5;

  @TempDir
  Path dir;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicLong spans = new AtomicLong();
  private OtlpGrpcReceiver receiver;
  private ManagedChannel good;
  private SSLContext clientTls;

  @AfterEach
  void stop() throws Exception {
    if (good != null) {
      good.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (receiver != null) {
      receiver.shutdown(Duration.ofSeconds(2));
    }
  }

  private void start(boolean tls) throws Exception {
    ServerSettings server = new ServerSettings("127.0.0.1", 0);
    if (tls) {
      assumeTrue(Tools.onPath("openssl"), "needs openssl on PATH");
      TestCerts.make(dir);
      server = server.withTls(serverTls());
      clientTls = TestCerts.trusting(dir.resolve("ca.crt"));
    }
    // The enforcement policy's defaults (min_time 5m, no pings without a call).
    GrpcGuards guards = new GrpcGuards(100, GrpcGuards.DEFAULT_MAX_CONNECTION_IDLE, Duration.ZERO, Duration.ZERO,
        Duration.ZERO, Duration.ZERO, GrpcGuards.DEFAULT_MIN_TIME, false);
    receiver = new OtlpGrpcReceiver(ComponentId.parse("otlp"),
        new OtlpGrpcConfig(server, 4 * 1024 * 1024, MAX_STREAMS, null),
        new Consumers(b -> spans.addAndGet(b.itemCount()), null, null), new TelemetrySettings(meters),
        ItemLimitsConfig.DEFAULTS, guards);
    receiver.start();
    NettyChannelBuilder client = NettyChannelBuilder.forAddress(tls ? "localhost" : "127.0.0.1", receiver.port());
    good = tls
        ? client.sslContext(GrpcSslContexts.forClient().trustManager(dir.resolve("ca.crt").toFile()).build()).build()
        : client.usePlaintext().build();
  }

  private TlsSettings serverTls() {
    Problems problems = new Problems("relay.yaml");
    ConfigMap root = new YamlLoader(k -> null).parse("tls: {cert_file: %s, key_file: %s}".formatted(
        dir.resolve("server.crt"), dir.resolve("server.key")), problems);
    TlsSettings tls = TlsSettings.parseServer(root.map("tls"));
    assertThat(problems.list()).isEmpty();
    return tls;
  }

  private RawHttp2 attacker(int initialWindowSize) throws Exception {
    return clientTls == null ? RawHttp2.connect(receiver.port(), initialWindowSize)
        : RawHttp2.connectTls(receiver.port(), initialWindowSize, clientTls);
  }

  private double counted(String meter, String reason) {
    Counter c = meters.find(meter).tags("receiver", "otlp", "transport", "grpc", "reason", reason).counter();
    assertThat(c).as(meter + " " + reason + " registered at start").isNotNull();
    return c.count();
  }

  private void goodClientExports(int calls) {
    byte[] request = TestTraces.request(TestTraces.spans("good-", SPANS_PER_CALL)).toByteArray();
    for (int i = 0; i < calls; i++) {
      ClientCalls.blockingUnaryCall(good.newCall(OtlpGrpcMethods.TRACE_EXPORT,
          CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)), request);
    }
  }

  @ParameterizedTest(name = "tls {0}")
  @ValueSource(booleans = {false, true})
  void streamsPastTheLimitAreRefusedAndCountedExactly(boolean tls) throws Exception {
    start(tls);
    assertThat(counted(GrpcRefusals.REFUSED_STREAMS, "max_concurrent_streams")).isZero();
    byte[] request = TestTraces.request(TestTraces.spans("held-", 1)).toByteArray();
    int extra = 7;
    // A zero receive window: the answers' messages can never be sent, so the calls the relay takes stay open.
    try (RawHttp2 c = attacker(0)) {
      for (int i = 0; i < MAX_STREAMS; i++) {
        c.export(request);
      }
      Await.until(Duration.ofSeconds(10), "the calls within the limit answered", () -> c.answers() == MAX_STREAMS);
      for (int i = 0; i < extra; i++) {
        c.openOnly();
      }
      Await.until(Duration.ofSeconds(10), extra + " streams refused: " + c, () -> c.refusedStreams() == extra);
      assertThat(counted(GrpcRefusals.REFUSED_STREAMS, "max_concurrent_streams")).isEqualTo(extra);
      assertThat(counted(GrpcRefusals.REFUSED_STREAMS, "going_away")).isZero();
      assertThat(c.goAwayCode()).isEqualTo(-1);

      goodClientExports(GOOD_CALLS);
      assertThat(spans.get()).isEqualTo(MAX_STREAMS + (long) GOOD_CALLS * SPANS_PER_CALL);
    }
  }

  @ParameterizedTest(name = "tls {0}")
  @ValueSource(booleans = {false, true})
  void eachRapidResetConnectionIsCountedOnceWhileAGoodClientIsServed(boolean tls) throws Exception {
    start(tls);
    goodClientExports(1); // connected before the attack, as an app's exporter is
    int attackers = 3;
    for (int i = 0; i < attackers; i++) {
      try (RawHttp2 c = attacker(65_535)) {
        c.rapidReset(2 * GrpcGuards.MAX_RST_FRAMES);
        Await.until(Duration.ofSeconds(10), "GOAWAY: " + c, () -> c.goAwayCode() >= 0);
        assertThat(c.goAwayCode()).isEqualTo(RawHttp2.ENHANCE_YOUR_CALM);
        Await.until(Duration.ofSeconds(10), "the connection closed: " + c, c::closedByServer);
      }
      assertThat(counted(dev.relay.telemetry.Meters.RECEIVER_CLOSED_CONNECTIONS, "rapid_reset")).isEqualTo(i + 1);
      goodClientExports(GOOD_CALLS);
    }
    assertThat(spans.get()).isEqualTo((1L + attackers * GOOD_CALLS) * SPANS_PER_CALL);
    assertThat(counted(dev.relay.telemetry.Meters.RECEIVER_CLOSED_CONNECTIONS, "too_many_pings")).isZero();
    assertThat(counted(dev.relay.telemetry.Meters.RECEIVER_CLOSED_CONNECTIONS, "enhance_your_calm")).isZero();
  }

  @ParameterizedTest(name = "tls {0}")
  @ValueSource(booleans = {false, true})
  void aClientPingingTooOftenIsCountedUnderItsOwnReason(boolean tls) throws Exception {
    start(tls);
    try (RawHttp2 c = attacker(65_535)) {
      // grpc-java lets two pings too early pass (its strikes) and answers the third with GOAWAY.
      for (int i = 0; i < 3; i++) {
        c.ping(i);
      }
      Await.until(Duration.ofSeconds(10), "GOAWAY: " + c, () -> c.goAwayCode() >= 0);
      assertThat(c.goAwayCode()).isEqualTo(RawHttp2.ENHANCE_YOUR_CALM);
      Await.until(Duration.ofSeconds(10), "the connection closed: " + c, c::closedByServer);
    }
    assertThat(counted(dev.relay.telemetry.Meters.RECEIVER_CLOSED_CONNECTIONS, "too_many_pings")).isEqualTo(1);
    assertThat(counted(dev.relay.telemetry.Meters.RECEIVER_CLOSED_CONNECTIONS, "rapid_reset")).isZero();
    goodClientExports(GOOD_CALLS);
    assertThat(spans.get()).isEqualTo((long) GOOD_CALLS * SPANS_PER_CALL);
  }
}
