package dev.relay.admin;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.relay.service.RelayService;
import dev.relay.testing.ConfigFixture;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The admin server's access rule over real HTTP on loopback: with {@code service.admin.auth} (basic and bearer),
 * the data paths answer 401 with {@code WWW-Authenticate} without credentials and serve with them, probes stay
 * open and {@code /metrics} follows {@code metrics_auth}; without auth, a foreign {@code Host} is refused.
 */
class AdminAuthIT {
  /** The status line and headers of {@code GET path} with {@code host} and {@code authorization} (null: none). */
  private static List<String> get(int port, String path, String host, String authorization) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
      if (authorization != null) {
        req.append("Authorization: ").append(authorization).append("\r\n");
      }
      req.append("Connection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      List<String> head = new ArrayList<>();
      for (String line = in.readLine(); line != null && !line.isEmpty() && head.size() < 50; line = in.readLine()) {
        head.add(line);
      }
      return head;
    }
  }

  private static int status(List<String> head) {
    return Integer.parseInt(head.get(0).split(" ")[1]);
  }

  private static String header(List<String> head, String name) {
    return head.stream().filter(l -> l.toLowerCase().startsWith(name.toLowerCase() + ":"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static RelayService start(TempoStub tempo, TestConfig config) throws Exception {
    RelayService service = new RelayService(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    service.start(ConfigFixture.parse(config
        .otlpReceiver()
        .otlpExporter("otlp", tempo)
        .pipeline("traces", List.of("otlp"), List.of("otlp"))
        .yaml()));
    return service;
  }

  @Test
  void withBasicAuthDataAndMetricsNeedCredentialsAndProbesDoNot() throws Exception {
    String hash = BCrypt.withDefaults().hashToString(6, "admin-pw".toCharArray());
    try (TempoStub tempo = TempoStub.start()) {
      RelayService service = start(tempo, new TestConfig()
          .extension("basicauth/admin", "htpasswd: {inline: \"ops:" + hash + "\"}\n")
          .service("""
              admin:
                endpoint: 127.0.0.1:0
                auth: {authenticator: basicauth/admin}
                metrics_auth: true
              """));
      try {
        int port = service.adminPort();
        String host = "127.0.0.1:" + port;
        assertThat(status(get(port, "/healthz", host, null))).isEqualTo(200);
        assertThat(status(get(port, "/readyz", host, null))).isEqualTo(200);
        for (String path : List.of("/metrics", "/tap?pipeline=traces", "/activity/stream?channel=c", "/monitor")) {
          List<String> refused = get(port, path, host, null);
          assertThat(status(refused)).as(path).isEqualTo(401);
          assertThat(header(refused, "WWW-Authenticate")).as(path).isEqualTo("Basic realm=\"relay\", charset=\"UTF-8\"");
          assertThat(status(get(port, path, host, basic("ops", "wrong")))).as(path).isEqualTo(401);
        }
        String ok = basic("ops", "admin-pw");
        assertThat(status(get(port, "/metrics", host, ok))).isEqualTo(200);
        assertThat(status(get(port, "/monitor", host, ok))).isEqualTo(200);
        assertThat(status(get(port, "/tap?pipeline=traces", host, ok))).isEqualTo(200);
        assertThat(status(get(port, "/activity/stream?channel=c", host, ok))).as("no Redis to read").isEqualTo(503);
        // With auth, the Host is not checked: a remote client names the server by its own address.
        assertThat(status(get(port, "/monitor", "relay.example:13133", ok))).isEqualTo(200);
        assertThat(service.describe()).anyMatch(l -> l.contains("data paths and /metrics need credentials"));
      } finally {
        service.shutdown(Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void withABearerTokenMetricsStayOpenByDefault() throws Exception {
    try (TempoStub tempo = TempoStub.start()) {
      RelayService service = start(tempo, new TestConfig()
          .extension("bearertokenauth/admin", "token: admin-token\n")
          .service("""
              admin:
                endpoint: 127.0.0.1:0
                auth: {authenticator: bearertokenauth/admin}
              """));
      try {
        int port = service.adminPort();
        String host = "localhost:" + port;
        assertThat(status(get(port, "/metrics", host, null))).isEqualTo(200);
        List<String> refused = get(port, "/tap?pipeline=traces", host, "Bearer nope");
        assertThat(status(refused)).isEqualTo(401);
        assertThat(header(refused, "WWW-Authenticate")).isEqualTo("Bearer realm=\"relay\"");
        assertThat(status(get(port, "/tap?pipeline=traces", host, "Bearer admin-token"))).isEqualTo(200);
      } finally {
        service.shutdown(Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void withoutAuthAForeignHostIsRefusedOnEveryDataPath() throws Exception {
    try (TempoStub tempo = TempoStub.start()) {
      RelayService service = start(tempo, new TestConfig().admin());
      try {
        int port = service.adminPort();
        for (String path : List.of("/tap?pipeline=traces", "/activity/stream?channel=c", "/monitor")) {
          assertThat(status(get(port, path, "attacker.example", null))).as(path).isEqualTo(421);
          assertThat(status(get(port, path, "attacker.example:" + port, null))).as(path).isEqualTo(421);
        }
        assertThat(status(get(port, "/monitor", "localhost:" + port, null))).isEqualTo(200);
        assertThat(status(get(port, "/monitor", "[::1]:" + port, null))).isEqualTo(200);
        assertThat(status(get(port, "/metrics", "attacker.example", null))).as("metrics stay open").isEqualTo(200);
        assertThat(status(get(port, "/healthz", "attacker.example", null))).isEqualTo(200);
      } finally {
        service.shutdown(Duration.ofSeconds(5));
      }
    }
  }
}
