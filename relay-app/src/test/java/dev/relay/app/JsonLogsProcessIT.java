package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.TestConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged relay with {@code service.telemetry.logs.encoding: json}: everything it writes, from start to exit on
 * SIGTERM, is one JSON object a line, as log collectors on Kubernetes read them; warnings found while the config was
 * read (an unset variable) are among them.
 */
class JsonLogsProcessIT {
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
  void everyLineIsOneJsonObject() throws Exception {
    int port = FreePorts.next();
    Path config = dir.resolve("relay.yaml");
    Files.writeString(config, """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:%d
        exporters:
          debug:
        service:
          admin:
            endpoint: 127.0.0.1:0
          telemetry:
            logs:
              level: info
              encoding: json
              initial_fields:
                pod: ${env:RELAY_TEST_POD}
                zone: zone-${env:RELAY_TEST_SURELY_UNSET}
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [debug]
        """.formatted(port));
    relay = RelayProcess.start(dir.resolve("relay.log"), "64m", Map.of("RELAY_TEST_POD", "web-1"),
        "run", "--config", config.toString());
    Await.until(Duration.ofSeconds(30), "the start-up summary; output:\n" + relay.output(),
        () -> relay.output().contains("pipeline traces:"));
    relay.process().destroy(); // SIGTERM
    int code = relay.awaitExit();
    assertThat(code).as(relay.output()).isZero();

    List<JsonObject> lines = new ArrayList<>();
    for (String line : relay.output().split("\n")) {
      assertThat(line).as("one JSON object a line:\n" + relay.output()).startsWith("{").endsWith("}");
      lines.add(JsonParser.parseString(line).getAsJsonObject());
    }
    assertThat(lines).allSatisfy(o -> {
      assertThat(o.keySet()).startsWith("level", "ts", "logger", "msg", "pod", "zone");
      assertThat(o.get("pod").getAsString()).isEqualTo("web-1");
      assertThat(o.get("zone").getAsString()).isEqualTo("zone-");
      assertThat(o.get("ts").getAsString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    });
    assertThat(lines).anySatisfy(o -> {
      assertThat(o.get("level").getAsString()).isEqualTo("warn");
      assertThat(o.get("msg").getAsString()).isEqualTo(config + ":17: service.telemetry.logs.initial_fields.zone:"
          + " environment variable RELAY_TEST_SURELY_UNSET is not set; it expands to an empty string (give a"
          + " default with ${env:RELAY_TEST_SURELY_UNSET:-default})");
    });
    assertThat(lines).anySatisfy(o -> {
      assertThat(o.get("level").getAsString()).isEqualTo("info");
      assertThat(o.get("msg").getAsString()).startsWith("relay started in ");
    });
    assertThat(lines).anySatisfy(o -> assertThat(o.get("msg").getAsString())
        .isEqualTo("  pipeline traces: [otlp] -> [] -> [debug]"));
    assertThat(lines).anySatisfy(o -> assertThat(o.get("msg").getAsString()).isEqualTo("relay stopped"));
  }

  /** The error logged just before a failed start's exit is written before the process ends, as a JSON line. */
  @Test
  void aFailedStartEndsWithItsErrorAsTheLastLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Path config = Files.writeString(dir.resolve("relay.yaml"), new TestConfig()
          .otlpReceiver("127.0.0.1:" + taken.getLocalPort())
          .debugExporter()
          .admin()
          .service("telemetry:\n  logs:\n    encoding: json\n")
          .pipeline("traces", List.of("otlp"), List.of("debug"))
          .yaml());
      relay = RelayProcess.start(dir.resolve("relay.log"), "64m", Map.of(), "run", "--config", config.toString());
      assertThat(relay.awaitExit()).as(relay.output()).isEqualTo(1);
      String[] lines = relay.output().split("\n");
      JsonObject last = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
      assertThat(last.get("level").getAsString()).isEqualTo("error");
      assertThat(last.get("msg").getAsString())
          .startsWith("relay cannot start: receiver otlp cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }
}
