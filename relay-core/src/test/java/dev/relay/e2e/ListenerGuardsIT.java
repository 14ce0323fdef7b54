package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.Await;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connection limits and timeouts on the receiver's listeners, against real sockets and a real gRPC client. */
class ListenerGuardsIT {
  private TempoStub tempo;
  private TestRelay relay;

  @BeforeEach
  void start() throws Exception {
    tempo = TempoStub.start();
    relay = TestRelay.start(new TestConfig()
        .receiver("otlp", """
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
                max_connections: 2
                keepalive:
                  server_parameters:
                    max_connection_idle: 500ms
              http:
                endpoint: 127.0.0.1:0
                max_connections: 2
                read_header_timeout: 500ms
            """)
        .otlpExporter("otlp", tempo)
        .pipeline("traces", List.of("otlp"), List.of("otlp")));
  }

  @AfterEach
  void stop() {
    relay.close();
    tempo.close();
  }

  /** Whether the server closed {@code s} (read returns end of stream, or the connection was reset). */
  private static boolean closedByServer(Socket s) throws Exception {
    s.setSoTimeout(5_000);
    try {
      InputStream in = s.getInputStream();
      while (in.read() >= 0) {
        // an answer before the close is fine
      }
      return true;
    } catch (SocketException e) {
      return true;
    }
  }

  /** The start of the answer to a GET (405: the path takes POST); the connection stays open. */
  private static String answer(Socket s) throws Exception {
    s.getOutputStream().write("GET /v1/traces HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    s.setSoTimeout(5_000);
    return new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
  }

  @Test
  void aConnectionOverMaxConnectionsIsClosedAtOnceAndCounted() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        Socket s = new Socket("127.0.0.1", relay.httpPort("otlp"));
        held.add(s);
        assertThat(answer(s)).isEqualTo("HTTP/1.1 405"); // served, so counted as open
      }
      try (Socket third = new Socket("127.0.0.1", relay.httpPort("otlp"))) {
        assertThat(closedByServer(third)).isTrue();
      }
      assertThat(relay.counter("relay.receiver.refused.connections", "transport", "http")).isEqualTo(1);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
    // Once they are gone, a new connection is served.
    Await.until(Duration.ofSeconds(5), "a connection served again", () -> {
      try (Socket s = new Socket("127.0.0.1", relay.httpPort("otlp"))) {
        return answer(s).equals("HTTP/1.1 405");
      } catch (Exception e) {
        return false;
      }
    });
  }

  @Test
  void aHeadSentAByteAtATimeIsCutOffAtReadHeaderTimeoutFromItsFirstByte() throws Exception {
    try (Socket s = new Socket("127.0.0.1", relay.httpPort("otlp"))) {
      OutputStream out = s.getOutputStream();
      byte[] head = "POST /v1/traces HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
      long start = System.nanoTime();
      boolean closed = false;
      // One byte every 100 ms keeps the idle timer (1 m) from firing; the header timer (500 ms) must not.
      for (int i = 0; i < 100 && !closed; i++) {
        try {
          out.write(head[i % head.length]);
          out.flush();
          Thread.sleep(100); // the attacker's pace, not synchronisation
        } catch (SocketException e) {
          closed = true;
        }
      }
      assertThat(closed || closedByServer(s)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }
  }

  @Test
  void aGrpcConnectionOverMaxConnectionsIsClosedAtOnceAndCounted() throws Exception {
    List<ManagedChannel> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        ManagedChannel c = ManagedChannelBuilder.forAddress("127.0.0.1", relay.grpcPort("otlp")).usePlaintext()
            .build();
        clients.add(c);
        ClientCalls.blockingUnaryCall(c, OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT,
            TestTraces.request(TestTraces.spanWithIds("inside-the-cap")).toByteArray());
      }
      try (Socket third = new Socket("127.0.0.1", relay.grpcPort("otlp"))) {
        assertThat(closedByServer(third)).isTrue();
      }
      assertThat(relay.counter("relay.receiver.refused.connections", "transport", "grpc")).isEqualTo(1);
      ClientCalls.blockingUnaryCall(clients.get(0), OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT,
          TestTraces.request(TestTraces.spanWithIds("still-served")).toByteArray());
    } finally {
      for (ManagedChannel c : clients) {
        c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void anIdleGrpcConnectionIsSentAwayAfterMaxConnectionIdle() throws Exception {
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", relay.grpcPort("otlp")).usePlaintext()
        .build();
    try {
      ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT,
          TestTraces.request(TestTraces.spanWithIds("before-idle")).toByteArray());
      assertThat(channel.getState(false)).isEqualTo(ConnectivityState.READY);
      Await.until(Duration.ofSeconds(10), "the connection closed by the server once idle",
          () -> channel.getState(false) == ConnectivityState.IDLE);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
