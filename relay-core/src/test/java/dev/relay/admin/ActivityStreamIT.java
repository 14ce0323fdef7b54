package dev.relay.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.redis.RedisEndpoint;
import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.TestRedis;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /activity/stream} and {@code /monitor} over real HTTP, against a real redis-server. */
class ActivityStreamIT {
  private static TestRedis redis;
  private static RedisClient lettuce;
  private static StatefulRedisConnection<String, String> conn;
  private static RedisCommands<String, String> cmd;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
    lettuce = RedisClient.create(redis.uri());
    conn = lettuce.connect();
    cmd = conn.sync();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    conn.close();
    lettuce.shutdown();
    redis.close();
  }

  private static ActivityConfig config(String endpoint, Duration heartbeat, int buffer) {
    return ActivityConfig.serveAll(RedisEndpoint.of(endpoint), "test", heartbeat, buffer, 8);
  }

  private static AdminServer admin(ActivityConfig activity) throws Exception {
    AdminServer a = new AdminServer("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> null,
        activity);
    a.start();
    return a;
  }

  /** An SSE client: the response body's lines, read on a thread of their own into a queue. */
  private final class Sse implements AutoCloseable {
    final HttpResponse<InputStream> response;
    final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final Thread reader;

    Sse(int port, String query, Map<String, String> headers) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/activity/stream?" + query));
      headers.forEach(b::header);
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (Exception e) {
          // closed by the test
        }
        lines.add("<eof>");
      }, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** The next line that starts with {@code prefix}, skipping others; fails after 10 s. */
    String next(String prefix) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("no line starting with '" + prefix + "' within 10 s");
        }
        if (line.startsWith(prefix) || line.equals("<eof>")) {
          return line;
        }
      }
    }

    /** The next {@code n} data lines, without the {@code data: } prefix. */
    List<String> data(int n) throws InterruptedException {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(next("data: ").substring("data: ".length()));
      }
      return out;
    }

    @Override
    public void close() throws java.io.IOException {
      response.body().close();
    }
  }

  /** What Redis still holds in its output buffers for pub/sub clients ({@code omem} of CLIENT LIST). */
  private long pubSubOutputBytes() {
    long total = 0;
    for (String line : cmd.clientList().split("\n")) {
      if (line.contains(" flags=P ")) {
        Matcher m = Pattern.compile(" omem=(\\d+)").matcher(line);
        total += m.find() ? Long.parseLong(m.group(1)) : 0;
      }
    }
    return total;
  }

  private long numsub(String channel) {
    return cmd.pubsubNumsub(channel).getOrDefault(channel, 0L);
  }

  @Test
  void aClientOverMaxClientsIsAnswered503AndCounted() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ActivityConfig two = ActivityConfig.serveAll(RedisEndpoint.of(redis.uri()), "test", Duration.ofMinutes(1), 100, 2);
    try (AdminServer admin = new AdminServer("127.0.0.1", 0, registry, () -> null, two)) {
      admin.start();
      try (Sse first = new Sse(admin.port(), "channel=act:max", Map.of());
          Sse second = new Sse(admin.port(), "channel=act:max", Map.of());
          Sse third = new Sse(admin.port(), "channel=act:max", Map.of())) {
        assertThat(first.response.statusCode()).isEqualTo(200);
        assertThat(second.response.statusCode()).isEqualTo(200);
        assertThat(third.response.statusCode()).isEqualTo(503);
        assertThat(registry.find("relay.admin.refused.requests").tag("reason", "activity_max_clients").counter()
            .count()).isEqualTo(1);
      }
    }
  }

  @Test
  void channelMessagesArriveAsDataLinesAndDisconnectUnsubscribes() throws Exception {
    try (AdminServer admin = admin(config(redis.uri(), Duration.ofMinutes(1), 1000))) {
      Sse sse = new Sse(admin.port(), "channel=act:one", Map.of());
      assertThat(sse.response.statusCode()).isEqualTo(200);
      assertThat(sse.response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
      // The headers arrive once Redis confirmed the subscription.
      assertThat(numsub("act:one")).isEqualTo(1);
      cmd.publish("act:other", "{\"not\":\"mine\"}");
      cmd.publish("act:one", "{\"call_id\":\"a\",\"event_type\":\"x\"}");
      cmd.publish("act:one", "{\"call_id\":\"b\",\"event_type\":\"y\"}");
      cmd.publish("act:one", "line1\nline2");
      cmd.publish("act:one", "end");
      assertThat(sse.data(5)).containsExactly(
          "{\"call_id\":\"a\",\"event_type\":\"x\"}", "{\"call_id\":\"b\",\"event_type\":\"y\"}", "line1", "line2",
          "end");
      sse.close();
      Await.until(Duration.ofSeconds(10), "PUBSUB NUMSUB act:one to drop to 0", () -> numsub("act:one") == 0);
    }
  }

  @Test
  void patternSubscription() throws Exception {
    try (AdminServer admin = admin(config(redis.uri(), Duration.ofMinutes(1), 1000));
        Sse sse = new Sse(admin.port(), "pattern=act:call:*", Map.of())) {
      assertThat(sse.response.statusCode()).isEqualTo(200);
      cmd.publish("act:call:1", "one");
      cmd.publish("act:nope", "no");
      cmd.publish("act:call:2", "two");
      assertThat(sse.data(2)).containsExactly("one", "two");
    }
  }

  @Test
  void streamReplaysTheLastNOldestFirstThenFollowsAndResumesByLastEventId() throws Exception {
    String key = "act:history";
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      ids.add(cmd.xadd(key, Map.of("event", "{\"n\":" + i + "}")));
    }
    try (AdminServer admin = admin(config(redis.uri(), Duration.ofMinutes(1), 1000))) {
      String last;
      String next;
      try (Sse sse = new Sse(admin.port(), "stream=" + key + "&replay=3", Map.of())) {
        assertThat(sse.response.statusCode()).isEqualTo(200);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          got.add(sse.next("id: ") + " " + sse.next("data: "));
        }
        assertThat(got).containsExactly("id: " + ids.get(7) + " data: {\"n\":8}", "id: " + ids.get(8)
            + " data: {\"n\":9}", "id: " + ids.get(9) + " data: {\"n\":10}");
        String id11 = cmd.xadd(key, Map.of("event", "{\"n\":11}"));
        String id12 = cmd.xadd(key, Map.of("other", "x", "more", "y"));
        assertThat(sse.next("id: ")).isEqualTo("id: " + id11);
        assertThat(sse.data(1)).containsExactly("{\"n\":11}");
        assertThat(sse.next("id: ")).isEqualTo("id: " + id12);
        assertThat(sse.data(1).get(0)).satisfiesAnyOf(
            d -> assertThat(d).isEqualTo("{\"other\":\"x\",\"more\":\"y\"}"),
            d -> assertThat(d).isEqualTo("{\"more\":\"y\",\"other\":\"x\"}"));
        last = id11;
        next = id12;
      }
      // A browser reconnecting after id 11 gets 12, then what is added later; no replay.
      String id13 = cmd.xadd(key, Map.of("event", "{\"n\":13}"));
      try (Sse sse = new Sse(admin.port(), "stream=" + key + "&replay=5", Map.of("Last-Event-ID", last))) {
        assertThat(sse.next("id: ")).isEqualTo("id: " + next);
        assertThat(sse.next("id: ")).isEqualTo("id: " + id13);
        String id14 = cmd.xadd(key, Map.of("event", "{\"n\":14}"));
        assertThat(sse.next("id: ")).isEqualTo("id: " + id14);
      }
      // replay=0 (the default): only what comes next; a custom field.
      try (Sse sse = new Sse(admin.port(), "stream=" + key + "&field=payload", Map.of())) {
        assertThat(sse.response.statusCode()).isEqualTo(200);
        cmd.xadd(key, Map.of("payload", "{\"n\":15}"));
        assertThat(sse.data(1)).containsExactly("{\"n\":15}");
      }
      // An empty (missing) stream: follows from the start.
      try (Sse sse = new Sse(admin.port(), "stream=act:empty&replay=10", Map.of())) {
        assertThat(sse.response.statusCode()).isEqualTo(200);
        String id = cmd.xadd("act:empty", Map.of("event", "first"));
        assertThat(sse.next("id: ")).isEqualTo("id: " + id);
        assertThat(sse.data(1)).containsExactly("first");
      }
    }
  }

  @Test
  void aLongReplayIsReadAPageAtATimeWithinTheClientsBufferAndArrivesWholeInOrder() throws Exception {
    String key = "act:long";
    String pad = "x".repeat(2_000);
    for (int i = 1; i <= 350; i++) {
      cmd.xadd(key, Map.of("event", "{\"n\":" + i + ",\"pad\":\"" + pad + "\"}"));
    }
    // 10 events or 4 KiB (two entries) may wait: the replay crosses four pages and pauses on bytes throughout.
    ActivityConfig small = new ActivityConfig(RedisEndpoint.of(redis.uri()), "test", Duration.ofMinutes(1), 10, 8,
        4_096);
    try (AdminServer admin = admin(small)) {
      for (int[] replayAndFirst : new int[][] {{333, 18}, {350, 1}, {10_000, 1}, {100, 251}, {101, 250}}) {
        try (Sse sse = new Sse(admin.port(), "stream=" + key + "&replay=" + replayAndFirst[0], Map.of())) {
          assertThat(sse.response.statusCode()).isEqualTo(200);
          List<String> got = sse.data(351 - replayAndFirst[1]);
          for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).startsWith("{\"n\":" + (replayAndFirst[1] + i) + ",");
          }
          String added = cmd.xadd(key, Map.of("event", "after"));
          assertThat(sse.next("id: ")).isEqualTo("id: " + added);
          assertThat(sse.data(1)).containsExactly("after");
          cmd.xdel(key, added);
        }
      }
    }
  }

  @Test
  void onlyAllowedChannelsPatternsAndStreamsAreServedAndRedisErrorsAreNotPassedOn() throws Exception {
    cmd.set("act:secret-token", "reset-123");
    cmd.xadd("private:resets", Map.of("event", "{\"token\":\"t\"}"));
    cmd.set("hist:not-a-stream", "x");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ActivityConfig limited = new ActivityConfig(RedisEndpoint.of(redis.uri()), "test", Duration.ofMinutes(1), 100, 8,
        new ActivityAllowList(List.of("act:live", "act:call:*"), List.of("hist:*"), false));
    try (AdminServer admin = new AdminServer("127.0.0.1", 0, registry, () -> null, limited)) {
      admin.start();
      String base = "http://127.0.0.1:" + admin.port() + "/activity/stream?";
      Map<String, String> refused = new LinkedHashMap<>();
      refused.put("stream=private:resets&replay=10", "stream");
      refused.put("stream=act:secret-token", "stream");
      refused.put("pattern=*", "pattern");
      refused.put("pattern=act:*", "pattern");
      refused.put("pattern=act:c*", "pattern");
      refused.put("channel=act:other", "channel");
      refused.put("channel=luthien:call:victim", "channel");
      for (Map.Entry<String, String> c : refused.entrySet()) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + c.getKey())).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(c.getKey()).isEqualTo(403);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo("{\"error\":\"forbidden\",\"message\":\"this " + c.getValue()
            + " is not in service.admin.activity.allow\"}\n");
      }
      assertThat(registry.find("relay.admin.activity.forbidden.requests").counter().count())
          .isEqualTo(refused.size());
      assertThat(numsub("act:other")).isZero();

      // A key of another type inside the allowed namespace: a generic 502, not Redis's WRONGTYPE.
      HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(URI.create(base
          + "stream=hist:not-a-stream&replay=1")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(wrongType.statusCode()).isEqualTo(502);
      assertThat(wrongType.body()).isEqualTo("cannot read this stream\n");

      try (Sse live = new Sse(admin.port(), "channel=act:live", Map.of());
          Sse calls = new Sse(admin.port(), "pattern=act:call:1*", Map.of());
          Sse history = new Sse(admin.port(), "stream=hist:c1", Map.of())) {
        assertThat(List.of(live.response.statusCode(), calls.response.statusCode(), history.response.statusCode()))
            .containsOnly(200);
        cmd.publish("act:live", "l");
        cmd.publish("act:call:2", "no");
        cmd.publish("act:call:12", "c");
        cmd.xadd("hist:c1", Map.of("event", "h"));
        assertThat(live.data(1)).containsExactly("l");
        assertThat(calls.data(1)).containsExactly("c");
        assertThat(history.data(1)).containsExactly("h");
      }
      assertThat(registry.find("relay.admin.activity.forbidden.requests").counter().count())
          .isEqualTo(refused.size());
    }
  }

  @Test
  void theEntryIdBeforeAnotherCrossesMillisecondsAndKeepsUnsignedSequences() {
    assertThat(StreamSession.before("1700000000000-5")).isEqualTo("1700000000000-4");
    assertThat(StreamSession.before("1700000000000-0")).isEqualTo("1699999999999-18446744073709551615");
    assertThat(StreamSession.before("5-18446744073709551615")).isEqualTo("5-18446744073709551614");
  }

  @Test
  void heartbeatsAtTheConfiguredInterval() throws Exception {
    try (AdminServer admin = admin(config(redis.uri(), Duration.ofMillis(100), 1000));
        Sse sse = new Sse(admin.port(), "channel=act:hb", Map.of())) {
      assertThat(sse.next("retry: ")).isEqualTo("retry: 2000");
      assertThat(sse.next(": ping")).isEqualTo(": ping");
      assertThat(sse.next(": ping")).isEqualTo(": ping");
    }
  }

  @Test
  void badParametersAre400WithAReason() throws Exception {
    try (AdminServer admin = admin(config(redis.uri(), Duration.ofMinutes(1), 1000))) {
      String base = "http://127.0.0.1:" + admin.port() + "/activity/stream";
      Map<String, String> cases = new java.util.LinkedHashMap<>();
      cases.put("", "missing query parameter: give channel=<name>, pattern=<glob> or stream=<key>");
      cases.put("?channel=a&stream=b", "give only one of channel=, pattern= and stream=");
      cases.put("?stream=s&replay=abc", "replay must be a whole number from 0 to 10000, found 'abc'");
      cases.put("?stream=s&replay=-1", "replay must be a whole number from 0 to 10000, found '-1'");
      cases.put("?stream=s&replay=10001", "replay must be a whole number from 0 to 10000, found '10001'");
      cases.put("?channel=c&replay=3", "replay= applies to stream=, not to a pub/sub channel");
      cases.put("?channel=", "query parameter 'channel' must be 1 to 1024 characters");
      cases.put("?channel=c&chanel=d", "unknown query parameter 'chanel' (known: channel, pattern, stream, replay, field)");
      cases.put("?channel=c&channel=d", "query parameter 'channel' is given twice");
      for (Map.Entry<String, String> c : cases.entrySet()) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + c.getKey())).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
        assertThat(r.body()).as(c.getKey()).isEqualTo(c.getValue() + "\n");
      }
      HttpResponse<String> badId = http.send(HttpRequest.newBuilder(URI.create(base + "?stream=s"))
          .header("Last-Event-ID", "nope").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(badId.statusCode()).isEqualTo(400);
      assertThat(badId.body()).isEqualTo("Last-Event-ID must be a stream entry id such as 1718000000000-0, found 'nope'\n");
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "?channel=c"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void unreachableRedisIs503AndNoRedisConfiguredIs503() throws Exception {
    try (AdminServer admin = admin(config("redis://127.0.0.1:" + FreePorts.next(), Duration.ofMinutes(1), 10))) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port()
          + "/activity/stream?channel=c")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).isEqualTo("Redis is unreachable\n");
      // the server stays usable
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
    try (AdminServer admin = admin(ActivityConfig.none())) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port()
          + "/activity/stream?stream=s")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).isEqualTo("no Redis is configured for the activity stream: set "
          + "service.admin.activity.redis.endpoint, or configure a redis exporter\n");
    }
  }

  @Test
  void aClientThatDoesNotReadGetsMessagesDroppedAndCountedNotBuffered() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (AdminServer admin = new AdminServer("127.0.0.1", 0, registry, () -> null,
        config(redis.uri(), Duration.ofMillis(200), 4))) {
      admin.start();
      // Redis closes a subscriber 32 MiB behind by default; this test is about the relay's own limit, so Redis's is
      // lifted while 64 MiB are published as fast as they go.
      String limit = cmd.configGet("client-output-buffer-limit").get("client-output-buffer-limit");
      cmd.configSet("client-output-buffer-limit", "pubsub 0 0 0");
      try (Socket slow = new Socket()) {
        slow.setSoTimeout(30_000);
        slow.setReceiveBufferSize(4096);
        slow.connect(new java.net.InetSocketAddress("127.0.0.1", admin.port()));
        OutputStream out = slow.getOutputStream();
        out.write("GET /activity/stream?channel=act:slow HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Await.until(Duration.ofSeconds(10), "the slow client's subscription", () -> numsub("act:slow") == 1);
        String big = "x".repeat(256 * 1024);
        // 64 MiB published; a client that reads nothing may hold at most 4 messages plus the sockets' buffers.
        for (int i = 0; i < 256; i++) {
          cmd.publish("act:slow", big);
        }
        // The reading starts only once Redis has handed every message to the relay: a read that starts while the
        // relay still receives would rightly get the rest delivered, not dropped.
        Await.until(Duration.ofSeconds(20), "Redis to hand every message to the relay", () -> pubSubOutputBytes() == 0);
        Await.until(Duration.ofSeconds(10), "drops to be counted",
            () -> registry.find("relay.admin.activity.dropped.messages").counter().count() > 0);
        // Reading now: every message was either written or dropped, and the client is told how many were dropped.
        BufferedReader r = new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.UTF_8));
        Pattern dropped = Pattern.compile("^data: \\{\"dropped\":(\\d+)}$");
        long reported = 0;
        long delivered = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // heartbeats would keep a read going
        for (String line; delivered + reported < 256 && (line = r.readLine()) != null; ) {
          assertThat(System.nanoTime()).as("all 256 messages delivered or reported in time").isLessThan(deadline);
          Matcher m = dropped.matcher(line);
          if (m.find()) {
            reported = Long.parseLong(m.group(1));
          } else if (line.equals("data: " + big)) {
            delivered++;
          }
        }
        assertThat(delivered + reported).isEqualTo(256);
        assertThat(reported).isEqualTo((long) registry.find("relay.admin.activity.dropped.messages").counter().count());
        assertThat(reported).isGreaterThan(128); // most of 64 MiB never queued up for a client that did not read
      } finally {
        cmd.configSet("client-output-buffer-limit", limit);
      }
    }
  }

  @Test
  void aLostRedisConnectionEndsTheResponse() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (AdminServer admin = new AdminServer("127.0.0.1", 0, registry, () -> null,
        config(redis.uri(), Duration.ofMillis(200), 4))) {
      admin.start();
      try (Socket client = new Socket("127.0.0.1", admin.port())) {
        client.setSoTimeout(10_000);
        client.getOutputStream().write("GET /activity/stream?channel=act:lost HTTP/1.1\r\nHost: localhost\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        Await.until(Duration.ofSeconds(10), "the subscription", () -> numsub("act:lost") == 1);
        // What Redis does to a subscriber that falls too far behind.
        assertThat(cmd.clientKill(KillArgs.Builder.typePubsub())).isEqualTo(1L);
        BufferedReader r = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // heartbeats would keep a read going
        for (String line; (line = r.readLine()) != null; ) {
          assertThat(System.nanoTime()).as("the response ends").isLessThan(deadline);
          lines.add(line);
        }
        assertThat(lines.get(0)).isEqualTo("HTTP/1.1 200 OK");
        Await.until(Duration.ofSeconds(10), "no activity clients",
            () -> registry.find("relay.admin.activity.clients").gauge().value() == 0);
      }
    }
  }

  @Test
  void monitorPageIsSelfContainedHtml() throws Exception {
    try (AdminServer admin = admin(ActivityConfig.none())) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port()
          + "/monitor?stream=history&replay=100")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
      String html = r.body();
      assertThat(html).startsWith("<!DOCTYPE html>").contains("new EventSource(\"/activity/stream?");
      // Nothing loaded from elsewhere: no absolute or protocol-relative src/href/url(), no @import.
      assertThat(Pattern.compile("(?i)(src|href|action)\\s*=\\s*[\"']?\\s*(https?:|//)").matcher(html).find()).isFalse();
      assertThat(Pattern.compile("(?i)url\\(\\s*[\"']?\\s*(https?:|//)").matcher(html).find()).isFalse();
      assertThat(html).doesNotContain("@import").doesNotContain("http://").doesNotContain("https://");
    }
  }
}
