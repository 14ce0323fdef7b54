package dev.relay.receiver.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.Consumers;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.Await;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.epoll.Epoll;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code protocols.grpc.max_connections} on both transports the gRPC listener runs on (epoll and NIO). */
class GrpcMaxConnectionsTest {
  private static final byte[] REQUEST = TestTraces.request(TestTraces.spanWithIds("capped")).toByteArray();
  private static final int MAX = 2;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicInteger batches = new AtomicInteger();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private OtlpGrpcReceiver receiver;

  @AfterEach
  void stop() throws Exception {
    for (ManagedChannel c : channels) {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (receiver != null) {
      receiver.shutdown(Duration.ofSeconds(2));
    }
  }

  private void start(GrpcTransport.Kind kind) throws Exception {
    GrpcGuards guards = new GrpcGuards(MAX, GrpcGuards.DEFAULT_MAX_CONNECTION_IDLE, Duration.ZERO, Duration.ZERO,
        Duration.ZERO, Duration.ZERO, GrpcGuards.DEFAULT_MIN_TIME, false);
    receiver = new OtlpGrpcReceiver(ComponentId.parse("otlp"),
        new OtlpGrpcConfig("127.0.0.1", 0, 4 * 1024 * 1024, 100), new Consumers(b -> batches.incrementAndGet(),
        null, null), new TelemetrySettings(meters), ItemLimitsConfig.DEFAULTS, guards, kind);
    receiver.start();
  }

  /** A new client connection that has completed one call (so the server holds it open). */
  private ManagedChannel connectedClient() {
    ManagedChannel c = ManagedChannelBuilder.forAddress("127.0.0.1", receiver.port()).usePlaintext().build();
    channels.add(c);
    export(c);
    return c;
  }

  private static void export(ManagedChannel c) {
    ClientCalls.blockingUnaryCall(c.newCall(OtlpGrpcMethods.TRACE_EXPORT,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)), REQUEST);
  }

  /** Whether the server closed {@code s} without answering (end of stream, or reset). */
  private static boolean closedWithoutAnswer(Socket s) throws Exception {
    s.setSoTimeout(5_000);
    s.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    try {
      InputStream in = s.getInputStream();
      return in.read() < 0;
    } catch (SocketException e) {
      return true;
    }
  }

  private double refused() {
    var c = meters.find(OtlpHttpReceiver.REFUSED_CONNECTIONS).tags("transport", "grpc").counter();
    return c == null ? 0 : c.count();
  }

  @ParameterizedTest
  @EnumSource(GrpcTransport.Kind.class)
  void aConnectionOverTheCapIsClosedAtOnceAndCountedWhileTheOthersKeepWorking(GrpcTransport.Kind kind)
      throws Exception {
    if (kind == GrpcTransport.Kind.AUTO) {
      Assumptions.assumeTrue(Epoll.isAvailable(), "AUTO is epoll only where epoll runs");
    }
    start(kind);
    ManagedChannel first = connectedClient();
    ManagedChannel second = connectedClient();
    assertThat(receiver.openConnections()).isEqualTo(MAX);

    for (int i = 0; i < 3; i++) {
      try (Socket extra = new Socket("127.0.0.1", receiver.port())) {
        assertThat(closedWithoutAnswer(extra)).as("connection %d over the cap", i + 1).isTrue();
      }
    }
    assertThat(refused()).isEqualTo(3);
    assertThat(receiver.openConnections()).isEqualTo(MAX);

    // The clients inside the cap keep being served.
    export(first);
    export(second);
    assertThat(batches.get()).isEqualTo(4);

    // Once they leave, the count is back to zero and a new client is served.
    first.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    second.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    Await.until(Duration.ofSeconds(5), "both connections counted closed", () -> receiver.openConnections() == 0);
    connectedClient();
    connectedClient();
    assertThat(batches.get()).isEqualTo(6);
    assertThat(refused()).isEqualTo(3);
  }
}
