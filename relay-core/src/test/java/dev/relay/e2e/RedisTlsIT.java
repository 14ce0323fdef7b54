package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestCerts;
import dev.relay.testing.TestRelay;
import dev.relay.testing.Tools;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rediss:// against a redis-server with TLS, certificates made by the test with openssl. */
class RedisTlsIT {
  @TempDir
  static Path dir;
  private static Process server;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Tools.onPath("openssl", "redis-server"), "needs openssl and redis-server on PATH");
    TestCerts.make(dir);
    port = FreePorts.next();
    server = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", Integer.toString(port), "--bind",
        "127.0.0.1", "--tls-cert-file", "server.crt", "--tls-key-file", "server.key", "--tls-ca-cert-file", "ca.crt",
        "--tls-auth-clients", "no", "--save", "", "--appendonly", "no", "--dir", dir.toString())
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    Await.until(Duration.ofSeconds(10), "redis TLS port", () -> {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return true;
      } catch (Exception e) {
        return false;
      }
    });
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static TestRelay relay(TempoStub tempo, String tls) throws Exception {
    return TestRelay.start("""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
        exporters:
          otlp:
            endpoint: %s
            tls: {insecure: true}
          redis:
            endpoint: rediss://127.0.0.1:%d
            tls:
        %s
            routes:
              - channel: secure
                payload:
                  e: name
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlp, redis]
        """.formatted(tempo.endpoint(), port, tls));
  }

  private static void send(Sdk sdk) {
    Span span = sdk.tracer().spanBuilder("s").startSpan();
    span.addEvent("hello", Attributes.empty());
    span.end();
    sdk.flush();
  }

  private List<String> subscribe(RedisClient[] holder) {
    RedisURI uri = RedisURI.create("rediss://127.0.0.1:" + port);
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .sslOptions(SslOptions.builder().trustManager(dir.resolve("ca.crt").toFile()).build()).build());
    holder[0] = client;
    StatefulRedisPubSubConnection<String, String> conn = client.connectPubSub();
    List<String> got = new CopyOnWriteArrayList<>();
    conn.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        got.add(message);
      }
    });
    conn.sync().subscribe("secure");
    return got;
  }

  @Test
  void publishesOverTlsWithTheCaOrWithoutVerification() throws Exception {
    for (String tls : List.of("      ca_file: " + dir.resolve("ca.crt"), "      insecure_skip_verify: true")) {
      RedisClient[] holder = new RedisClient[1];
      List<String> got = subscribe(holder);
      try (TempoStub tempo = TempoStub.start(); TestRelay relay = relay(tempo, tls);
          Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
        Await.until(Duration.ofSeconds(15), "a message over TLS (" + tls.trim() + ")", () -> {
          send(sdk);
          return !got.isEmpty();
        });
        assertThat(got.get(0)).isEqualTo("{\"e\":\"hello\"}");
      } finally {
        holder[0].shutdown();
      }
    }
  }

  @Test
  void anUntrustedServerIsRefusedAndTempoIsUnaffected() throws Exception {
    try (TempoStub tempo = TempoStub.start();
        TestRelay relay = relay(tempo, "      ca_file: " + dir.resolve("other-ca.crt"));
        Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
      for (int i = 0; i < 5; i++) {
        send(sdk);
      }
      Await.until(Duration.ofSeconds(20), "every span at Tempo", () -> tempo.spanCount() == 5);
      Await.until(Duration.ofSeconds(10), "drops counted",
          () -> relay.counter("relay.redis.dropped.messages", "reason", "redis_down") == 5);
      assertThat(relay.counter("relay.redis.published.messages")).isZero();
    }
  }
}
