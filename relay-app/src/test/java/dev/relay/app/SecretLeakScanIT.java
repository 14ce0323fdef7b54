package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.RedisSubscriber;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedis;
import io.opentelemetry.api.trace.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged relay with secrets everywhere in its config (URL user info, {@code ${env:...}} passwords, header
 * values), through {@code relay validate} (valid and faulty), {@code relay run} logging at debug level, a Redis
 * authentication failure and export failures, and scans everything it printed and served for each secret's value.
 */
class SecretLeakScanIT {
  /** Each secret, with where it is used. Values are distinctive so that a hit cannot be a coincidence. */
  private static final Map<String, String> SECRETS = Map.of(
      "REDIS_URL_PASSWORD", "urlpw-5c1e7d2b",
      "READER_PASSWORD", "readerpw-9a4f0e61",
      "WRONG_PASSWORD", "wrongpw-33b8c0da",
      "TEMPO_TOKEN", "tempotoken-7d21f9ac",
      "API_KEY", "apikey-e04b6c58",
      "FAULTY_URL_PASSWORD", "faultypw-1f6e2a97",
      "KEY_CONTENTS", "keycontents-b7e2091c",
      "RECEIVER_TOKEN", "receivertoken-4e8a13f0",
      "GUESSED_TOKEN", "guessedtoken-c52d7b19");

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  @Test
  void noSecretIsPrintedOrServed() throws Exception {
    int grpc = FreePorts.next();
    int admin = FreePorts.next();
    int closed = FreePorts.next();
    int authHttp = FreePorts.next();
    try (TestRedis redis = TestRedis.start(); TempoStub tempo = TempoStub.start()) {
      redis.cli("ACL", "SETUSER", "relay", "on", ">" + SECRETS.get("REDIS_URL_PASSWORD"), "~*", "&*", "+@all");
      // The reader, limited as docs/security.md shows: only the luthien namespace, only reading commands.
      redis.cli("ACL", "SETUSER", "reader", "on", ">" + SECRETS.get("READER_PASSWORD"), "resetchannels",
          "&luthien:*", "resetkeys", "~luthien:*", "-@all", "+@connection", "+subscribe", "+psubscribe",
          "+unsubscribe", "+punsubscribe", "+xread", "+xrevrange");
      String redisHost = "127.0.0.1:" + redis.port();
      TestConfig config = new TestConfig()
          .extension("bearertokenauth/in", "token: ${env:RECEIVER_TOKEN}\n")
          .otlpReceiver("127.0.0.1:" + grpc)
          .receiver("otlp/auth", """
              protocols:
                http:
                  endpoint: 127.0.0.1:%d
                  auth: {authenticator: bearertokenauth/in}
              """.formatted(authHttp))
          .exporter("otlp/tempo", """
              endpoint: %s
              tls: {insecure: true}
              headers:
                authorization: Bearer ${env:TEMPO_TOKEN}
              """.formatted(tempo.endpoint()))
          .exporter("otlphttp/down", """
              endpoint: http://127.0.0.1:%d
              headers:
                x-api-key: ${env:API_KEY}
              retry_on_failure: {enabled: false}
              """.formatted(closed))
          .redisExporter("redis", "redis://relay:" + SECRETS.get("REDIS_URL_PASSWORD") + "@" + redisHost, """
              routes:
                - channel: 'luthien:call:{{ span.attributes["call"] }}'
                  stream: 'luthien:history:{{ span.attributes["call"] }}'
              """)
          .redisExporter("redis/wrong", "redis://" + redisHost, """
              username: relay
              password: ${env:WRONG_PASSWORD}
              channel: luthien:wrong
              """)
          .service("""
              telemetry:
                logs:
                  level: debug
              admin:
                endpoint: 127.0.0.1:%d
                activity:
                  redis:
                    endpoint: redis://%s
                    username: reader
                    password: ${env:READER_PASSWORD}
              """.formatted(admin, redisHost))
          .pipeline("traces", List.of("otlp", "otlp/auth"),
              List.of("otlp/tempo", "otlphttp/down", "redis", "redis/wrong"));
      Path good = dir.resolve("relay.yaml");
      Files.writeString(good, config.yaml());
      Path notAKey = dir.resolve("not-a-key.pem");
      Files.writeString(notAKey, "-----BEGIN NOTHING-----\n" + SECRETS.get("KEY_CONTENTS") + "\n");
      Path bad = dir.resolve("faulty.yaml");
      Files.writeString(bad, config
          .exporter("otlphttp/faulty", """
              endpoint: http://user:%s@127.0.0.1:4318
              headers:
                authorization: "Bearer ${env:TEMPO_TOKEN}\u00e9"
              tls:
                cert_file: %s
                key_file: %s
              """.formatted(SECRETS.get("FAULTY_URL_PASSWORD"), notAKey, notAKey))
          .redisExporter("redis/faulty", "redix://relay:" + SECRETS.get("FAULTY_URL_PASSWORD") + "@" + redisHost,
              "channel: luthien:x\n")
          .pipeline("logs", List.of("otlp"), List.of("otlphttp/faulty", "redis/faulty"))
          .yaml());

      List<String> printed = new ArrayList<>();
      try (RelayProcess validate = start("validate.log", "validate", "--config", good.toString())) {
        assertThat(validate.awaitExit()).as(validate.output()).isZero();
        printed.add(validate.output());
      }
      try (RelayProcess validate = start("faulty.log", "validate", "--config", bad.toString())) {
        assertThat(validate.awaitExit()).as(validate.output()).isEqualTo(2);
        assertThat(validate.output())
            .contains("exporters.otlphttp/faulty.endpoint: credentials in the URL are not supported")
            .contains("exporters.otlphttp/faulty.headers.authorization: header values must be printable ASCII")
            .contains("exporters.otlphttp/faulty.tls.key_file: '" + notAKey + "' holds no PEM private key")
            .contains("exporters.redis/faulty.endpoint: 'redix://[REDACTED]@" + redisHost + "' is not a redis://");
        printed.add(validate.output());
      }

      Map<String, String> served = new LinkedHashMap<>();
      try (RelayProcess run = start("run.log", "run", "--config", good.toString())) {
        run.awaitStarted();
        Await.until(Duration.ofSeconds(10), "the start-up summary, its Redis URL masked; output:\n" + run.output(),
            () -> run.output().contains("exporter redis: Redis to redis://[REDACTED]@" + redisHost));
        try (RedisSubscriber sub = RedisSubscriber.patterns(redis.uri(), "luthien:*"); Sdk sdk = new Sdk(grpc)) {
          Span span = sdk.tracer().spanBuilder("chat").setAttribute("call", "c1").startSpan();
          span.addEvent("gateway.step");
          span.end();
          sdk.flush();
          Await.until(Duration.ofSeconds(20), "the event on Redis", () -> sub.messages().size() == 1);
          Await.until(Duration.ofSeconds(20), "the span at Tempo", () -> tempo.spanCount() == 1);
        }
        // A sender with a guessed token is refused, and neither token is printed at debug level.
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + authHttp + "/v1/traces"))
            .header("Content-Type", "application/x-protobuf")
            .header("Authorization", "Bearer " + SECRETS.get("GUESSED_TOKEN"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        served.put("401 from otlp/auth", refused.body() + refused.headers().map());
        Await.until(Duration.ofSeconds(10), "the refusal counted", () -> RelayProcess.metric(admin,
            "relay_receiver_unauthenticated_requests_total") == 1);
        assertThat(tempo.headers().get(0).get(io.grpc.Metadata.Key.of("authorization",
            io.grpc.Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("Bearer " + SECRETS.get("TEMPO_TOKEN"));
        Await.until(Duration.ofSeconds(20), "the refused Redis login and the failed export logged; output:\n"
            + run.output(), () -> run.output().contains("WRONGPASS") && run.output().contains("otlphttp/down"));
        Await.until(Duration.ofSeconds(20), "the failed export counted",
            () -> RelayProcess.metric(admin, "relay_exporter_send_failed_spans_total") >= 1);
        for (String path : List.of("/healthz", "/readyz", "/metrics", "/monitor",
            "/activity/stream?stream=luthien:history:c1&replay=10",
            "/activity/stream?stream=other&replay=10", "/activity/stream?pattern=*",
            "/activity/stream?channel=luthien:wrong:x")) {
          served.put(path, get(admin, path));
        }
        assertThat(served.get("/activity/stream?stream=other&replay=10")).startsWith("403 ");
        assertThat(served.get("/activity/stream?pattern=*")).startsWith("403 ");
        assertThat(served.get("/activity/stream?stream=luthien:history:c1&replay=10")).startsWith("200 ")
            .contains("\"name\":\"gateway.step\"");
        run.process().destroy();
        run.awaitExit();
        printed.add(run.output());
      }

      for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
        for (String output : printed) {
          assertThat(output).as(secret.getKey() + " printed").doesNotContain(secret.getValue());
        }
        served.forEach((path, body) ->
            assertThat(body).as(secret.getKey() + " served on " + path).doesNotContain(secret.getValue()));
      }
    }
  }

  private RelayProcess start(String log, String... args) throws Exception {
    Map<String, String> env = new LinkedHashMap<>(SECRETS);
    return RelayProcess.start(dir.resolve(log), "96m", env, args);
  }

  /** "status body" of a GET; an event stream is read for up to 2 s. */
  private static String get(int port, String path) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build();
    HttpResponse<java.io.InputStream> r = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
    StringBuilder body = new StringBuilder();
    try (java.io.InputStream in = r.body()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      byte[] buf = new byte[8192];
      boolean stream = r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream");
      while (System.nanoTime() < deadline) {
        if (stream && in.available() == 0) {
          Thread.sleep(20); // an event stream never ends by itself: read what came within the window
          continue;
        }
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        body.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return r.statusCode() + " " + body;
  }
}
