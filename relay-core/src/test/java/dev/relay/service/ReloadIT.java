package dev.relay.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.relay.component.ComponentId;
import dev.relay.config.ConfigException;
import dev.relay.testing.Await;
import dev.relay.testing.ConfigFixture;
import dev.relay.testing.FreePorts;
import dev.relay.testing.LiveRelay;
import dev.relay.testing.RedisSubscriber;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedis;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.net.ConnectException;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload in a running {@link RelayService}: what changed is replaced while data flows, nothing is lost or
 * duplicated, an invalid config changes nothing, and a persistent queue passes to its successor.
 */
class ReloadIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Config "a" or "b": they differ in the transform statement, the route's match and channel, and a header. */
  private static TestConfig variant(String v, int grpcPort, TempoStub tempo, TestRedis redis) {
    return new TestConfig()
        .otlpReceiver("127.0.0.1:" + grpcPort)
        .processor("transform", """
            trace_statements:
              - set(span.attributes["cfg"], "%s")
            """.formatted(v))
        .otlpExporter("otlp", tempo, """
            headers:
              x-config: %s
            sending_queue:
              queue_size: 100000
            """.formatted(v))
        .redisExporter("redis", redis, """
            routes:
              - match: 'name == "e" and %s'
                channel: live-%s
                queue_size: 100000
                payload:
                  cfg: span.attributes["cfg"]
                  n: attributes["n"]
            """.formatted(v.equals("a") ? "attributes[\"n\"] >= 0" : "attributes[\"n\"] > -1", v))
        .service("shutdown_timeout: 10s")
        .admin()
        .pipeline("traces", List.of("otlp"), List.of("transform"), List.of("otlp", "redis"));
  }

  @Test
  void twentyReloadsUnderSteadyLoadLoseAndDuplicateNothing() throws Exception {
    int port = FreePorts.next();
    try (TestRedis redis = TestRedis.start();
        TempoStub tempo = TempoStub.start();
        RedisSubscriber live = RedisSubscriber.channels(redis.uri(), "live-a", "live-b");
        LiveRelay relay = new LiveRelay(variant("a", port, tempo, redis));
        Sdk sdk = new Sdk(port)) {
      // A subscriber that falls behind on a busy machine must not be cut off by Redis (pubsub output buffer limit):
      // that would lose messages the relay did publish.
      assertThat(redis.cli("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 0 0")).isEqualTo("OK");
      AtomicBoolean sending = new AtomicBoolean(true);
      long[] sent = new long[1];
      // 50 spans every 10 ms: 5,000 spans/s, each with one event the route selects.
      Thread load = new Thread(() -> {
        long next = System.nanoTime();
        long n = 0;
        while (sending.get() && n < 1_000_000) {
          for (int i = 0; i < 50; i++, n++) {
            Span span = sdk.tracer().spanBuilder("s").startSpan();
            span.addEvent("e", Attributes.of(AttributeKey.longKey("n"), n));
            span.end();
          }
          next += 10_000_000;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
          }
        }
        sent[0] = n;
      }, "load");
      long start = System.nanoTime();
      load.start();
      List<String> hashes = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        // Let some data through under each config, then switch.
        long before = tempo.spanCount();
        Await.until(Duration.ofSeconds(10), "spans flowing", () -> tempo.spanCount() > before + 500);
        ReloadResult r = relay.reload(variant(i % 2 == 0 ? "b" : "a", port, tempo, redis));
        assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.SUCCESS);
        assertThat(r.diff().ids(dev.relay.pipeline.ConfigDiff.Change.CHANGED))
            .containsExactlyInAnyOrder("processor transform", "exporter otlp", "exporter redis");
        assertThat(r.diff().ids(dev.relay.pipeline.ConfigDiff.Change.KEPT))
            .containsExactlyInAnyOrder("receiver otlp", "pipeline traces");
        hashes.add(relay.service.config().hash());
      }
      sending.set(false);
      load.join(10_000);
      double seconds = (System.nanoTime() - start) / 1e9;
      sdk.flush(); // fails unless the relay accepted every span: no client error
      long total = sent[0];
      System.out.printf("reload under load: %d spans in %.1f s (%.0f spans/s), 20 reloads%n", total, seconds,
          total / seconds);
      assertThat(total / seconds).as("spans/s").isGreaterThanOrEqualTo(5_000 * 0.8);
      Await.until(Duration.ofSeconds(30), "every span at Tempo", () -> tempo.spanCount() >= total);
      Set<ByteString> ids = new HashSet<>();
      tempo.spans().forEach(s -> ids.add(s.getSpanId()));
      assertThat(tempo.spanCount()).as("no duplicates").isEqualTo(total);
      assertThat(ids).as("every span exactly once").hasSize((int) total);
      // Each request went out with the header of the config whose transform marked its spans.
      for (TempoStub.Received r : tempo.received()) {
        for (ResourceSpans rs : r.request().getResourceSpansList()) {
          for (ScopeSpans ss : rs.getScopeSpansList()) {
            ss.getSpansList().forEach(s -> assertThat(s.getAttributesList().stream()
                .filter(kv -> kv.getKey().equals("cfg")).findFirst().orElseThrow().getValue().getStringValue())
                .isEqualTo(r.header("x-config")));
          }
        }
      }
      assertThat(tempo.received()).extracting(r -> r.header("x-config")).contains("a", "b");
      // Each message went to the channel of the config its span was processed by.
      // Pub/sub is at most once, but Redis stayed up and the route's buffer takes any burst (two SDK requests of 512
      // merged into one send would overflow the default 1,000): a reload alone loses no message.
      try {
        Await.until(Duration.ofSeconds(30), "a message per span", () -> live.messages().size() >= total);
      } catch (AssertionError e) {
        Set<Long> got = new HashSet<>();
        live.messages().forEach(m -> got.add(Long.parseLong(m.payload().replaceAll(".*\"n\":(\\d+).*", "$1"))));
        List<Long> missing = java.util.stream.LongStream.range(0, total).filter(n -> !got.contains(n)).boxed().toList();
        throw new AssertionError(live.messages().size() + " messages for " + total + " spans; missing "
            + missing.size() + ": " + missing.subList(0, Math.min(50, missing.size())) + "\n"
            + relay.registry.scrape().lines().filter(l -> l.startsWith("relay_redis")).toList(), e);
      }
      assertThat(live.messages()).hasSize((int) total);
      for (RedisSubscriber.Message m : live.messages()) {
        assertThat(m.channel()).isEqualTo("live-" + m.payload().replaceAll(".*\"cfg\":\"(.)\".*", "$1"));
      }
      assertThat(live.messages()).extracting(RedisSubscriber.Message::channel).contains("live-a", "live-b");
      assertThat(hashes.get(0)).isNotEqualTo(hashes.get(1)).isEqualTo(hashes.get(2));
      String metrics = relay.registry.scrape();
      assertThat(metrics).contains("relay_config_reload_total{result=\"success\"} 20.0");
      assertThat(metrics).containsPattern("relay_config_last_reload_success_timestamp_seconds \\d\\.\\d+E9");
    }
  }

  @Test
  void aChangedEndpointOpensTheNewPortBeforeTheOldOneDrains() throws Exception {
    int oldPort = FreePorts.next();
    int newPort = FreePorts.next();
    try (TempoStub tempo = TempoStub.start()) {
      TestConfig before = new TestConfig()
          .otlpReceiver("127.0.0.1:" + oldPort)
          .otlpExporter("otlp", tempo, "sending_queue: {enabled: false}\n")
          .service("shutdown_timeout: 10s")
          .pipeline("traces", List.of("otlp"), List.of("otlp"));
      TestConfig after = new TestConfig()
          .otlpReceiver("127.0.0.1:" + newPort)
          .otlpExporter("otlp", tempo, "sending_queue: {enabled: false}\n")
          .service("shutdown_timeout: 10s")
          .pipeline("traces", List.of("otlp"), List.of("otlp"));
      try (LiveRelay relay = new LiveRelay(before)) {
        // A slow Tempo and no queue: the client's call is still in flight on the old port while the reload runs.
        tempo.delay(Duration.ofMillis(1500));
        Thread inFlight;
        try (Sdk old = new Sdk(oldPort)) {
          for (int i = 0; i < 100; i++) {
            old.tracer().spanBuilder("old-" + i).startSpan().end();
          }
          inFlight = new Thread(old::flush, "old-client");
          inFlight.start();
          Await.until(Duration.ofSeconds(10), "the call reached Tempo", () -> tempo.calls() == 1);
          ReloadResult r = relay.reload(after);
          assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.SUCCESS);
          assertThat(r.diff().ids(dev.relay.pipeline.ConfigDiff.Change.CHANGED)).containsExactly("receiver otlp");
          inFlight.join(10_000);
        }
        assertThat(tempo.spanCount()).as("the in-flight call finished").isEqualTo(100);
        tempo.delay(Duration.ZERO);
        assertThat(refused(oldPort)).as("old port closed").isTrue();
        try (Sdk fresh = new Sdk(newPort)) {
          for (int i = 0; i < 100; i++) {
            fresh.tracer().spanBuilder("new-" + i).startSpan().end();
          }
          fresh.flush();
        }
        assertThat(tempo.spanCount()).isEqualTo(200);
      }
    }
  }

  @Test
  void aReceiverChangedOnTheSameEndpointTakesOverItsPort() throws Exception {
    int port = FreePorts.next();
    try (TempoStub tempo = TempoStub.start()) {
      java.util.function.IntFunction<TestConfig> config = mib -> new TestConfig()
          .receiver("otlp", "protocols: {grpc: {endpoint: 127.0.0.1:%d, max_recv_msg_size_mib: %d}}\n"
              .formatted(port, mib))
          .otlpExporter("otlp", tempo)
          .pipeline("traces", List.of("otlp"), List.of("otlp"));
      try (LiveRelay relay = new LiveRelay(config.apply(4))) {
        var before = relay.service.graph().receiver(ComponentId.parse("otlp"));
        send(port, "before-", 10);
        ReloadResult r = relay.reload(config.apply(8));
        assertThat(r.outcome()).as(String.valueOf(r.faults())).isEqualTo(ReloadResult.Outcome.SUCCESS);
        assertThat(r.diff().ids(dev.relay.pipeline.ConfigDiff.Change.CHANGED)).containsExactly("receiver otlp");
        assertThat(relay.service.graph().receiver(ComponentId.parse("otlp"))).isNotSameAs(before);
        assertThat(relay.grpcPort()).isEqualTo(port);
        send(port, "after-", 10);
        Await.until(Duration.ofSeconds(10), "20 spans", () -> tempo.spanCount() == 20);
      }
    }
  }

  @Test
  void anInvalidConfigChangesNothing() throws Exception {
    try (TempoStub tempo = TempoStub.start()) {
      TestConfig good = new TestConfig()
          .otlpReceiver()
          .otlpExporter("otlp", tempo)
          .admin()
          .pipeline("traces", List.of("otlp"), List.of("otlp"));
      try (LiveRelay relay = new LiveRelay(good)) {
        var receiver = relay.service.graph().receiver(ComponentId.parse("otlp"));
        var exporter = relay.service.graph().exporter(ComponentId.parse("otlp"));
        String hash = relay.service.config().hash();
        relay.yaml.set(good.yaml().replace("tls: {insecure: true}", "tls: {insecure: true}\n    timeout: soon"));
        ReloadResult r = relay.service.reload();
        assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.FAILED);
        assertThat(r.faults()).singleElement().asString()
            .matches("relay\\.yaml:\\d+: exporters\\.otlp\\.timeout: .*");
        assertThat(relay.service.graph().receiver(ComponentId.parse("otlp"))).isSameAs(receiver);
        assertThat(relay.service.graph().exporter(ComponentId.parse("otlp"))).isSameAs(exporter);
        assertThat(relay.registry.scrape()).contains("relay_config_reload_total{result=\"failed\"} 1.0");
        HttpResponse<String> ready = get(relay.service.adminPort(), "/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"config\":\"" + hash + "\"");
        try (Sdk sdk = new Sdk(relay.grpcPort())) {
          sdk.tracer().spanBuilder("still-running").startSpan().end();
          sdk.flush();
        }
        Await.until(Duration.ofSeconds(10), "span at Tempo", () -> tempo.spanCount() == 1);
      }
    }
  }

  @Test
  void postReloadAppliesTheFilesAndAnswersWithTheOutcome() throws Exception {
    try (TempoStub tempo = TempoStub.start()) {
      TestConfig first = new TestConfig()
          .otlpReceiver()
          .otlpExporter("otlp", tempo)
          .admin()
          .pipeline("traces", List.of("otlp"), List.of("otlp"));
      try (LiveRelay relay = new LiveRelay(first)) {
        int admin = relay.service.adminPort();
        String before = relay.service.config().hash();
        assertThat(post(admin, "/reload").body()).isEqualTo("{\"result\":\"unchanged\",\"faults\":[]}");
        relay.yaml.set(first.debugExporter().pipeline("traces", List.of("otlp"), List.of("otlp", "debug")).yaml());
        HttpResponse<String> applied = post(admin, "/reload");
        assertThat(applied.statusCode()).isEqualTo(200);
        assertThat(applied.body()).isEqualTo("{\"result\":\"success\",\"faults\":[]}");
        String after = relay.service.config().hash();
        assertThat(after).isNotEqualTo(before).hasSize(12);
        assertThat(get(admin, "/readyz").body()).contains("\"config\":\"" + after + "\"");
        relay.yaml.set("receivers: [");
        HttpResponse<String> failed = post(admin, "/reload");
        assertThat(failed.statusCode()).isEqualTo(409);
        assertThat(failed.body()).startsWith("{\"result\":\"failed\",\"faults\":[\"relay.yaml:");
        assertThat(get(admin, "/reload").statusCode()).isEqualTo(405);
        HttpResponse<String> fromPage = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + admin + "/reload")).header("Origin", "https://example.com")
            .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(fromPage.statusCode()).as("a browser's cross-site POST").isEqualTo(403);
      }
    }
  }

  @Test
  void postReloadOnAnAdminServerOffLoopbackNeedsItsAuth() throws Exception {
    try (TempoStub tempo = TempoStub.start()) {
      // Listening on every interface (reached here over loopback): only the admin auth lets a reload in.
      TestConfig config = new TestConfig()
          .otlpReceiver()
          .otlpExporter("otlp", tempo)
          .extension("bearertokenauth/admin", "token: reload-token\n")
          .service("""
              admin:
                endpoint: 0.0.0.0:0
                auth: {authenticator: bearertokenauth/admin}
              """)
          .pipeline("traces", List.of("otlp"), List.of("otlp"));
      try (LiveRelay relay = new LiveRelay(config)) {
        int admin = relay.service.adminPort();
        assertThat(post(admin, "/reload").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin
                + "/reload")).header("Authorization", "Bearer reload-token")
            .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"result\":\"unchanged\",\"faults\":[]}");

        // A changed token applies in place, to the admin server too (whose other settings need a restart).
        ReloadResult changed = relay.reload(new TestConfig()
            .otlpReceiver("127.0.0.1:" + relay.grpcPort())
            .otlpExporter("otlp", tempo)
            .extension("bearertokenauth/admin", "token: another-token\n")
            .service("""
                admin:
                  endpoint: 0.0.0.0:%d
                  auth: {authenticator: bearertokenauth/admin}
                """.formatted(admin))
            .pipeline("traces", List.of("otlp"), List.of("otlp")));
        assertThat(changed.outcome()).as(String.valueOf(changed.faults())).isEqualTo(ReloadResult.Outcome.SUCCESS);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/reload"))
            .header("Authorization", "Bearer reload-token").POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
            .as("the old token").isEqualTo(401);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/reload"))
            .header("Authorization", "Bearer another-token").POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
            .as("the new token").isEqualTo(200);
      }
    }
  }

  @Test
  void aPersistentQueueExporterChangedWhileTempoIsDownDeliversEverythingLater(@TempDir Path dir) throws Exception {
    int port = FreePorts.next();
    try (TempoStub tempo = TempoStub.notStarted()) {
      java.util.function.IntFunction<TestConfig> config = timeoutSeconds -> new TestConfig()
          .otlpReceiver("127.0.0.1:" + port)
          .otlpExporter("otlp", tempo, """
              timeout: %ds
              retry_on_failure:
                initial_interval: 50ms
                max_interval: 200ms
                max_elapsed_time: 0
              sending_queue:
                storage: %s
              """.formatted(timeoutSeconds, dir))
          .service("shutdown_timeout: 5s")
          .pipeline("traces", List.of("otlp"), List.of("otlp"));
      try (LiveRelay relay = new LiveRelay(config.apply(5))) {
        send(port, "before-", 500);
        ReloadResult r = relay.reload(config.apply(6));
        assertThat(r.outcome()).as(String.valueOf(r.faults())).isEqualTo(ReloadResult.Outcome.SUCCESS);
        assertThat(r.diff().ids(dev.relay.pipeline.ConfigDiff.Change.CHANGED)).containsExactly("exporter otlp");
        send(port, "after-", 500);
        assertThat(tempo.spanCount()).isZero();
        tempo.startServer();
        Await.until(Duration.ofSeconds(30), "1,000 spans at Tempo", () -> distinctNames(tempo) == 1_000);
        assertThat(tempo.spanCount()).as("no duplicates").isEqualTo(1_000);
      }
    }
  }

  @Test
  void receiversAndPipelinesComeAndGoAndMetersFollowTheirComponents() throws Exception {
    int second = FreePorts.next();
    try (TempoStub tempo = TempoStub.start()) {
      TestConfig one = new TestConfig()
          .otlpReceiver()
          .otlpExporter("otlp", tempo, "sending_queue: {queue_size: 100}\n")
          .pipeline("traces", List.of("otlp"), List.of("otlp"));
      TestConfig two = new TestConfig()
          .otlpReceiver()
          .receiver("otlp/2", "protocols: {grpc: {endpoint: 127.0.0.1:" + second + "}}\n")
          .otlpExporter("otlp", tempo, "sending_queue: {queue_size: 200}\n")
          .pipeline("traces", List.of("otlp"), List.of("otlp"))
          .pipeline("traces/2", List.of("otlp/2"), List.of("otlp"));
      try (LiveRelay relay = new LiveRelay(one)) {
        int first = relay.grpcPort();
        var receiver = relay.service.graph().receiver(ComponentId.parse("otlp"));
        ReloadResult r = relay.reload(two);
        assertThat(r.diff().ids(dev.relay.pipeline.ConfigDiff.Change.ADDED))
            .containsExactly("receiver otlp/2", "pipeline traces/2");
        assertThat(relay.service.graph().receiver(ComponentId.parse("otlp"))).as("kept").isSameAs(receiver);
        assertThat(relay.grpcPort()).isEqualTo(first);
        send(first, "one-", 10);
        send(second, "two-", 10);
        Await.until(Duration.ofSeconds(10), "20 spans", () -> tempo.spanCount() == 20);
        // The replaced exporter's successor owns the meters under its id: one queue, the new capacity.
        assertThat(relay.registry.find("relay.exporter.queue.capacity").tag("exporter", "otlp").gauges())
            .singleElement().extracting(g -> g.value()).isEqualTo(200.0);
        assertThat(relay.registry.find("relay.receiver.accepted.spans").tag("receiver", "otlp/2").counters())
            .singleElement().extracting(c -> c.count()).isEqualTo(10.0);

        r = relay.reload(one);
        assertThat(r.diff().ids(dev.relay.pipeline.ConfigDiff.Change.REMOVED))
            .containsExactly("receiver otlp/2", "pipeline traces/2");
        assertThat(refused(second)).as("removed receiver's port closed").isTrue();
        assertThat(relay.registry.find("relay.receiver.accepted.spans").tag("receiver", "otlp/2").counters())
            .as("removed receiver's meters").isEmpty();
        assertThat(relay.registry.find("relay.exporter.queue.capacity").tag("exporter", "otlp").gauges())
            .singleElement().extracting(g -> g.value()).isEqualTo(100.0);
        send(first, "three-", 10);
        Await.until(Duration.ofSeconds(10), "30 spans", () -> tempo.spanCount() == 30);
      }
    }
  }

  private static void send(int port, String prefix, int spans) {
    try (Sdk sdk = new Sdk(port)) {
      for (int i = 0; i < spans; i++) {
        sdk.tracer().spanBuilder(prefix + i).startSpan().end();
      }
      sdk.flush();
    }
  }

  private static int distinctNames(TempoStub tempo) {
    Set<String> names = new HashSet<>();
    tempo.spans().forEach(s -> names.add(s.getName()));
    return names.size();
  }

  private static boolean refused(int port) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return false;
    } catch (ConnectException e) {
      return true;
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
