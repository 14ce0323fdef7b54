package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloading the packaged relay: {@code --watch-config} on a config laid out as Kubernetes mounts a ConfigMap (its
 * {@code ..data} symlink swapped atomically), and SIGHUP. An invalid config changes nothing and is logged with
 * file:line; a valid one is applied in place.
 */
class ReloadProcessIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;
  private int generation;

  /** Writes {@code yaml} into a new {@code ..<generation>} directory and points {@code ..data} at it atomically. */
  private void publish(String yaml) throws Exception {
    Path data = Files.createDirectory(dir.resolve("..2026_12_04_" + (++generation)));
    Files.writeString(data.resolve("config.yaml"), yaml);
    Path link = Files.createSymbolicLink(dir.resolve("..data_tmp"), data.getFileName());
    Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String config(int port, int admin, TempoStub tempo, String tenant) {
    return new TestConfig()
        .otlpReceiver("127.0.0.1:" + port)
        .otlpExporter("otlp", tempo, "headers: {x-tenant: " + tenant + "}\n")
        .admin("127.0.0.1:" + admin)
        .pipeline("traces", List.of("otlp"), List.of("otlp"))
        .yaml();
  }

  private static String readyz(int admin) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/readyz"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("ready throughout").isEqualTo(200);
    return r.body();
  }

  private static String readyzOrEmpty(int admin) {
    try {
      return readyz(admin);
    } catch (Exception e) {
      return "";
    }
  }

  private static void send(int port, String name) {
    try (Sdk sdk = new Sdk(port)) {
      sdk.tracer().spanBuilder(name).startSpan().end();
      sdk.flush();
    }
  }

  @Test
  void watchedConfigMapSwapsAndSighupReloadOrRejectInPlace() throws Exception {
    int port = FreePorts.next();
    int admin = FreePorts.next();
    try (TempoStub tempo = TempoStub.start()) {
      String good = config(port, admin, tempo, "a");
      publish(good);
      Path config = Files.createSymbolicLink(dir.resolve("config.yaml"), Path.of("..data", "config.yaml"));
      try (RelayProcess relay = RelayProcess.start(dir.resolve("relay.log"), "64m", Map.of(), "run", "--config",
          config.toString(), "--watch-config")) {
        relay.awaitStarted();
        send(port, "first");
        String hash = readyz(admin).replaceAll(".*\"config\":\"([0-9a-f]+)\".*", "$1");
        assertThat(hash).hasSize(12);

        // An invalid config by file change: rejected, logged with file:line, nothing changes.
        String invalid = good.replace("tls: {insecure: true}", "tls: {insecure: true}\n    timeout: soon");
        publish(invalid);
        Await.until(Duration.ofSeconds(15), "a failed reload; output:\n" + relay.output(),
            () -> failed(admin) == 1);
        assertThat(relay.output()).containsPattern(
            java.util.regex.Pattern.quote(config.toString()) + ":\\d+: exporters\\.otlp\\.timeout: ");
        assertThat(readyz(admin)).contains("\"config\":\"" + hash + "\"");

        // The same by SIGHUP.
        relay.signal("HUP");
        Await.until(Duration.ofSeconds(15), "a second failed reload", () -> failed(admin) == 2);
        send(port, "second");
        Await.until(Duration.ofSeconds(10), "spans at Tempo", () -> tempo.spanCount() == 2);
        assertThat(tempo.received()).allMatch(r -> "a".equals(r.header("x-tenant")));

        // A valid change by ConfigMap swap: applied, the receiver keeps its port.
        publish(config(port, admin, tempo, "b"));
        Await.until(Duration.ofSeconds(15), "a successful reload; output:\n" + relay.output(),
            () -> RelayProcess.metric(admin, "relay_config_reload_total") >= 3 && !readyzOrEmpty(admin).contains(hash)
                && readyzOrEmpty(admin).contains("\"config\""));
        assertThat(relay.output()).contains("changed [exporter otlp]", "kept [receiver otlp, pipeline traces]");
        send(port, "third");
        Await.until(Duration.ofSeconds(10), "the third span", () -> tempo.spanCount() == 3);
        assertThat(tempo.received().get(tempo.received().size() - 1).header("x-tenant")).isEqualTo("b");
        assertThat(metricSeries(admin, "relay_config_last_reload_success_timestamp_seconds ")).isGreaterThan(1.7e9);
      }
    }
  }

  private static double failed(int admin) {
    return metricSeries(admin, "relay_config_reload_total{result=\"failed\"");
  }

  private static double metricSeries(int admin, String prefix) {
    try {
      String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      for (String line : body.split("\n")) {
        if (line.startsWith(prefix)) {
          return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return -1;
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void aRelayStartedWithSighupIgnoredSaysSo() throws Exception {
    Path config = dir.resolve("nohup.yaml");
    Files.writeString(config, "receivers:\n  otlp:\n    protocols:\n      grpc:\n        endpoint: 127.0.0.1:"
        + FreePorts.next() + "\nexporters:\n  debug: {}\nservice:\n  admin:\n    endpoint: none\n  pipelines:\n"
        + "    traces:\n      receivers: [otlp]\n      exporters: [debug]\n");
    Path log = dir.resolve("nohup.log");
    // As nohup starts it: SIGHUP ignored, which the exec'd launcher and its JVM inherit.
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", "trap '' HUP; exec \"$0\" \"$@\"",
        RelayProcess.LAUNCHER.toString(), "run", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process relay = pb.start();
    try {
      Await.until(Duration.ofSeconds(30), "start-up", () -> readOrEmpty(log).contains("relay started"));
      assertThat(Files.readString(log)).contains("SIGHUP is ignored in this process");
    } finally {
      relay.destroy();
      assertThat(relay.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
  }

  private static String readOrEmpty(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
