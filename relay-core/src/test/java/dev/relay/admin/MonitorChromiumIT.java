package dev.relay.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.service.RelayConfig;
import dev.relay.testing.Await;
import dev.relay.testing.Sdk;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedis;
import dev.relay.testing.TestRelay;
import dev.relay.testing.Tools;
import io.lettuce.core.RedisClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The {@code /monitor} page in a real headless Chromium, driven over the DevTools protocol: span events sent to a
 * relay are published to Redis by its route, bridged by {@code /activity/stream}, and appear on the page; the call
 * id and event type filters, the counts and pause/resume work. Skipped, with the reason, without {@code chromium}.
 */
class MonitorChromiumIT {
  private static final Pattern VALUE = Pattern.compile("\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"");

  @Test
  void eventsSentThroughTheRelayAppearOnThePageAndFilter() throws Exception {
    Assumptions.assumeTrue(Tools.onPath("chromium"),
        "chromium is not on PATH: the /monitor browser test needs it (Debian: apt-get install -y chromium)");
    Path profile = Files.createTempDirectory("relay-chromium");
    try (TestRedis redis = TestRedis.start();
        TestRelay relay = TestRelay.start(config(redis))) {
      // The admin server reads the config as `relay run` does: no activity section, so the redis exporter's Redis.
      RelayConfig config = config(redis).load();
      assertThat(config.activity().source()).isEqualTo("exporters.redis");
      try (AdminServer admin = new AdminServer("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
          relay::graph, config.activity())) {
        admin.start();
        Process chromium = new ProcessBuilder(Tools.find("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--no-first-run", "--remote-debugging-port=0",
            "--user-data-dir=" + profile, "about:blank").redirectErrorStream(true).start();
        try (Cdp page = Cdp.open(chromium)) {
          page.call("Page.enable", "{}");
          page.call("Page.navigate", "{\"url\":\"http://127.0.0.1:" + admin.port() + "/monitor?channel=mon:activity\"}");
          Await.until(Duration.ofSeconds(20), "the page's EventSource to open",
              () -> "live".equals(page.eval("document.getElementById('status').textContent")));

          try (Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
            Span a = sdk.tracer().spanBuilder("call a").setAttribute("luthien.call_id", "call-a").startSpan();
            a.addEvent("gateway.request_received");
            a.addEvent("policy.decision");
            a.end();
            Span b = sdk.tracer().spanBuilder("call b").setAttribute("luthien.call_id", "call-b").startSpan();
            b.addEvent("gateway.request_received");
            b.end();
            sdk.flush();
          }
          Await.until(Duration.ofSeconds(20), "3 events on the page",
              () -> "3".equals(page.eval("document.getElementById('total').textContent")));
          assertThat(page.eval(rows())).isEqualTo("3 rows");
          assertThat(page.eval("[...document.querySelectorAll('#counts .count')].map(s => s.textContent).join('|')"))
              .isEqualTo("gateway.request_received: 2|policy.decision: 1");

          // Filter by call id: only call b's event stays visible.
          assertThat(page.eval("(() => { const i = document.getElementById('filter-call'); i.value = 'call-b';"
              + " i.dispatchEvent(new Event('input')); return " + visible() + "; })()"))
              .isEqualTo("call-b gateway.request_received");
          // And by event type, with the call id filter cleared.
          assertThat(page.eval("(() => { const i = document.getElementById('filter-call'); i.value = '';"
              + " i.dispatchEvent(new Event('input')); const t = document.getElementById('filter-type');"
              + " t.value = 'policy.decision'; t.dispatchEvent(new Event('change')); return " + visible() + "; })()"))
              .isEqualTo("call-a policy.decision");
          page.eval("(() => { const t = document.getElementById('filter-type'); t.value = '';"
              + " t.dispatchEvent(new Event('change')); return ''; })()");

          // Paused: counted, held back; resumed: shown, newest first.
          page.eval("(() => { document.getElementById('pause').click(); return ''; })()");
          RedisClient lettuce = RedisClient.create(redis.uri());
          try (var conn = lettuce.connect()) {
            conn.sync().publish("mon:activity", "{\"call_id\":\"call-c\",\"event_type\":\"late.one\"}");
          } finally {
            lettuce.shutdown();
          }
          Await.until(Duration.ofSeconds(10), "the 4th event to be counted",
              () -> "4".equals(page.eval("document.getElementById('total').textContent")));
          assertThat(page.eval(rows())).isEqualTo("3 rows");
          page.eval("(() => { document.getElementById('pause').click(); return ''; })()");
          assertThat(page.eval(rows())).isEqualTo("4 rows");
          assertThat(page.eval("document.querySelector('#events tr.ev').dataset.call")).isEqualTo("call-c");
        } finally {
          chromium.destroy();
          if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
          }
        }
      }
    }
  }

  private static TestConfig config(TestRedis redis) {
    return new TestConfig()
        .otlpReceiver()
        .redisExporter("redis", redis, """
            routes:
              - channel: mon:activity
                payload:
                  call_id: span.attributes["luthien.call_id"]
                  event_type: name
                  timestamp: time
            """)
        .admin()
        .pipeline("traces", List.of("otlp"), List.of("redis"));
  }

  private static String rows() {
    return "document.querySelectorAll('#events tr.ev').length + ' rows'";
  }

  private static String visible() {
    return "[...document.querySelectorAll('#events tr.ev')].filter(r => !r.hidden)"
        + ".map(r => r.dataset.call + ' ' + r.dataset.type).join('|')";
  }

  /** A minimal Chrome DevTools Protocol client for one page: calls by id, string results of Runtime.evaluate. */
  private static final class Cdp implements AutoCloseable {
    private final WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();

    private Cdp(WebSocket ws) {
      this.ws = ws;
    }

    static Cdp open(Process chromium) throws Exception {
      // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" once it is ready.
      BufferedReader err = new BufferedReader(new InputStreamReader(chromium.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<Integer> port = new CompletableFuture<>();
      Thread drain = new Thread(() -> {
        Pattern p = Pattern.compile("DevTools listening on ws://[^:]+:(\\d+)/");
        try {
          for (String line; (line = err.readLine()) != null; ) {
            Matcher m = p.matcher(line);
            if (m.find()) {
              port.complete(Integer.parseInt(m.group(1)));
            }
          }
        } catch (Exception e) {
          // chromium exited
        }
        port.completeExceptionally(new IllegalStateException("chromium exited without opening DevTools"));
      }, "chromium-output");
      drain.setDaemon(true);
      drain.start();
      int p = port.get(30, TimeUnit.SECONDS);
      HttpClient http = HttpClient.newHttpClient();
      String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/json/list")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = Pattern.compile("\"type\":\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\":\\s*\"([^\"]+)\"|"
          + "\"webSocketDebuggerUrl\":\\s*\"(ws://[^\"]+/devtools/page/[^\"]+)\"").matcher(list);
      if (!m.find()) {
        throw new IllegalStateException("no page target in " + list);
      }
      String url = m.group(1) != null ? m.group(1) : m.group(2);
      Cdp[] self = new Cdp[1];
      StringBuilder partial = new StringBuilder();
      WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
          partial.append(data);
          if (last) {
            String msg = partial.toString();
            partial.setLength(0);
            Matcher id = Pattern.compile("^\\{\"id\":(\\d+),").matcher(msg);
            if (id.find() && self[0] != null) {
              CompletableFuture<String> f = self[0].waiting.remove(Integer.parseInt(id.group(1)));
              if (f != null) {
                f.complete(msg);
              }
            }
          }
          w.request(1);
          return null;
        }
      }).get(10, TimeUnit.SECONDS);
      self[0] = new Cdp(ws);
      return self[0];
    }

    String call(String method, String params) {
      int id = ids.incrementAndGet();
      CompletableFuture<String> f = new CompletableFuture<>();
      waiting.put(id, f);
      ws.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).join();
      try {
        return f.get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("no answer to " + method, e);
      }
    }

    /** Evaluates an expression on the page; its value as a string (null when it is not a string). */
    String eval(String expression) {
      String js = "String(" + expression + ")";
      String msg = call("Runtime.evaluate", "{\"expression\":\"" + js.replace("\\", "\\\\").replace("\"", "\\\"")
          + "\",\"returnByValue\":true}");
      Matcher m = VALUE.matcher(msg);
      if (!m.find()) {
        return null;
      }
      return m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    @Override
    public void close() {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
  }
}
