package dev.relay.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.component.ComponentId;
import dev.relay.component.PipelineId;
import dev.relay.otlp.Signal;
import dev.relay.component.TelemetrySettings;
import dev.relay.pipeline.PipelineGraph;
import dev.relay.receiver.otlp.OtlpReceiver;
import dev.relay.service.RelayConfig;
import dev.relay.testing.Await;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /tap}: Server-Sent Events of what flows through a pipeline, filtered and rate-limited. */
class TapIT {
  private final HttpClient http = HttpClient.newHttpClient();
  private TempoStub tempo;
  private PipelineGraph graph;
  private AdminServer admin;
  private PrometheusMeterRegistry registry;

  @BeforeEach
  void start() throws Exception {
    tempo = TempoStub.start();
    RelayConfig config = new TestConfig()
        .otlpReceiver()
        .processor("transform", """
            trace_statements:
              - set(span.attributes["tapped.after"], "transform")
            """)
        .otlpExporter("otlp", tempo)
        .admin()
        .pipeline("traces", List.of("otlp"), List.of("transform"), List.of("otlp"))
        .load();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    graph = PipelineGraph.build(config.graph(), new TelemetrySettings(registry));
    graph.start();
    admin = new AdminServer(config.adminHost(), config.adminPort(), registry, () -> graph, Duration.ofMillis(200))
        .limitTaps(new TapConfig(2, TapConfig.DEFAULT_WORK_BUDGET));
    admin.start();
  }

  @AfterEach
  void stop() {
    admin.close();
    graph.shutdown(Duration.ofSeconds(2));
    tempo.close();
  }

  private int grpcPort() {
    return ((OtlpReceiver) graph.receiver(ComponentId.parse("otlp"))).grpcPort();
  }

  /** Reads an SSE body line by line on its own thread. */
  private List<String> follow(String query) throws Exception {
    HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + admin.port() + "/tap?" + query)).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (Exception e) {
        // the test closed the stream
      }
    });
    reader.setDaemon(true);
    reader.start();
    Await.until(Duration.ofSeconds(5), "the tap attached",
        () -> graph.tap(new PipelineId(Signal.TRACES, "")).attached() > 0);
    return lines;
  }

  private static int dropped(List<String> lines) {
    int n = 0;
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).equals("event: dropped")) {
        n += Integer.parseInt(lines.get(i + 1).replaceAll("[^0-9]", ""));
      }
    }
    return n;
  }

  private static List<String> data(List<String> lines) {
    return lines.stream().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
  }

  @Test
  void streamsMatchingSpansAsTheyLeaveTheProcessors() throws Exception {
    List<String> lines = follow("pipeline=traces&match="
        + URLEncoder.encode("attributes[\"user\"] == \"ann\"", StandardCharsets.UTF_8));
    try (Sdk sdk = new Sdk(grpcPort())) {
      sdk.tracer().spanBuilder("seen").setAttribute(AttributeKey.stringKey("user"), "ann").startSpan().end();
      sdk.tracer().spanBuilder("not-seen").setAttribute(AttributeKey.stringKey("user"), "bob").startSpan().end();
      sdk.flush();
    }
    Await.until(Duration.ofSeconds(10), "one tapped span", () -> data(lines).size() == 1);
    String json = data(lines).get(0);
    assertThat(json).contains("\"name\":\"seen\"")
        .contains("\"attributes\":{\"user\":\"ann\",\"tapped.after\":\"transform\"}")
        .startsWith("{\"resource\":{").contains("\"scope\":{\"name\":\"relay-test\"");
    Await.until(Duration.ofSeconds(5), "a heartbeat", () -> lines.contains(": ping"));
    Await.until(Duration.ofSeconds(10), "both spans at Tempo, tap or not", () -> tempo.spanCount() == 2);
  }

  @Test
  void overTheRateItemsAreDroppedAndCountedInTheStream() throws Exception {
    List<String> lines = follow("pipeline=traces&rate=3");
    try (Sdk sdk = new Sdk(grpcPort())) {
      for (int i = 0; i < 10; i++) {
        sdk.tracer().spanBuilder("s" + i).startSpan().end();
      }
      sdk.flush();
    }
    // The ten spans arrive within one second: 3 are shown, and the 7 others are reported as dropped (in one report,
    // or more if the SDK split its export around a heartbeat).
    Await.until(Duration.ofSeconds(10), "7 drops reported", () -> dropped(lines) == 7);
    assertThat(data(lines).stream().filter(d -> d.startsWith("{\"resource\"")).count()).isEqualTo(3);
    Await.until(Duration.ofSeconds(10), "all ten at Tempo", () -> tempo.spanCount() == 10);
  }

  @Test
  void badRequestsGetClearErrors() throws Exception {
    assertThat(get("/tap").statusCode()).isEqualTo(400);
    HttpResponse<String> unknown = get("/tap?pipeline=logs");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("no pipeline 'logs' (pipelines: traces)\n");
    HttpResponse<String> badMatch = get("/tap?pipeline=traces&match="
        + URLEncoder.encode("name = \"x\"", StandardCharsets.UTF_8));
    assertThat(badMatch.statusCode()).isEqualTo(400);
    assertThat(badMatch.body()).startsWith("invalid match: unexpected '='");
    assertThat(get("/tap?pipeline=traces&rate=0").statusCode()).isEqualTo(400);
    // A bad %-escape, which Java's HTTP client will not send: on a socket.
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", admin.port())) {
      s.getOutputStream().write(("GET /tap?pipeline=traces&match=%ZZ HTTP/1.1\r\nHost: 127.0.0.1:" + admin.port()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout(5_000);
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400 Bad Request").contains("malformed query: ");
    }
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + admin.port() + "/tap?pipeline=traces")).POST(HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aThirdClientOverMaxClientsIsRefusedUntilOneLeaves() throws Exception {
    HttpResponse<InputStream> first = openRaw("/tap?pipeline=traces");
    HttpResponse<InputStream> second = openRaw("/tap?pipeline=traces");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(200);
    HttpResponse<String> third = get("/tap?pipeline=traces");
    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(third.body()).isEqualTo("too many /tap clients (max_clients is 2)\n");
    assertThat(registry.find("relay.admin.refused.requests").tag("reason", "tap_max_clients").counter().count())
        .isEqualTo(1);
    first.body().close();
    Await.until(Duration.ofSeconds(10), "the first client left",
        () -> graph.tap(new PipelineId(Signal.TRACES, "")).attached() == 1);
    HttpResponse<InputStream> again = openRaw("/tap?pipeline=traces");
    assertThat(again.statusCode()).isEqualTo(200);
    again.body().close();
    second.body().close();
  }

  @Test
  void aDeeplyNestedMatchGetsTheParsersMessage() throws Exception {
    // Parentheses may stand unencoded in a query; 1,000 levels fit in Netty's 4,096-byte request line.
    HttpResponse<String> res = get("/tap?pipeline=traces&match=" + "(".repeat(1_000) + "true" + ")".repeat(1_000));
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(res.body()).isEqualTo("invalid match: expression nested deeper than 100 levels at column 101\n");
    HttpResponse<String> tooLong = get("/tap?pipeline=traces&match=" + "(".repeat(5_000) + ")".repeat(5_000));
    assertThat(tooLong.statusCode()).isEqualTo(414);
    HttpResponse<String> bigHeader = http.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + admin.port() + "/healthz")).header("X-Big", "x".repeat(10_000)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(bigHeader.statusCode()).isEqualTo(431);
  }

  private HttpResponse<InputStream> openRaw(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }
}
