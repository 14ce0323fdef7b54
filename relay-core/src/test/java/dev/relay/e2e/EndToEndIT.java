package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.RedisSubscriber;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedis;
import dev.relay.testing.TestRelay;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real SDK sends to the relay, which forwards to the Tempo stand-in and publishes to a real Redis. */
class EndToEndIT {
  private static final Instant T = Instant.parse("2026-11-27T04:05:06.123456789Z");
  private static TestRedis redis;
  private TempoStub tempo;
  private TestRelay relay;
  private Sdk sdk;
  private RedisSubscriber subscriber;

  @BeforeAll
  static void redis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @AfterEach
  void stop() {
    if (sdk != null) {
      sdk.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (subscriber != null) {
      subscriber.close();
    }
    if (tempo != null) {
      tempo.close();
    }
  }

  /** The contract file of the foundation issue, exactly as written, with only its ports moved to free ones. */
  private String contractConfig() throws Exception {
    String yaml = Files.readString(Path.of("..", "config", "tempo-redis.yaml"));
    return yaml.replace("127.0.0.1:4317", "127.0.0.1:0")
        .replace("127.0.0.1:14317", tempo.endpoint())
        .replace("redis://127.0.0.1:6379", redis.uri());
  }

  @Test
  void contractConfigForwardsEverySpanAndPublishesExactlyTheSelectedEvents() throws Exception {
    tempo = TempoStub.start();
    relay = TestRelay.start(contractConfig());
    subscriber = RedisSubscriber.channels(redis.uri(), "luthien:activity");
    sdk = new Sdk(relay.grpcPort("otlp"));
    Tracer tracer = sdk.tracer();

    int calls = 20;
    for (int i = 0; i < calls; i++) {
      Span span = tracer.spanBuilder("chat " + i).setAttribute("luthien.call_id", "call-" + i).startSpan();
      span.addEvent("gateway.request_received",
          Attributes.builder().put("model", "m").put("stream", true).build(), T);
      span.addEvent("cache.lookup", Attributes.of(AttributeKey.longKey("hits"), 3L), T);
      span.addEvent("policy.decision",
          Attributes.builder().put("allowed", false).put("score", 0.5).put("tags", new String[] {"a", "b"}).build(),
          T);
      span.end();
    }
    Span noCallId = tracer.spanBuilder("background").startSpan();
    noCallId.addEvent("gateway.tick", Attributes.empty(), T);
    noCallId.addEvent("unrelated", Attributes.empty(), T);
    noCallId.end();
    sdk.flush();

    int expectedMessages = calls * 2 + 1;
    Await.until(Duration.ofSeconds(20), "every span at Tempo", () -> tempo.spanCount() == calls + 1);
    Await.until(Duration.ofSeconds(20), "every selected event in Redis",
        () -> subscriber.messages().size() >= expectedMessages);
    // A sentinel published after everything else: once it is here, nothing earlier is still on its way.
    Span sentinel = tracer.spanBuilder("sentinel").setAttribute("luthien.call_id", "last").startSpan();
    sentinel.addEvent("gateway.sentinel", Attributes.empty(), T);
    sentinel.end();
    sdk.flush();
    Await.until(Duration.ofSeconds(20), "the sentinel",
        () -> subscriber.payloads().stream().anyMatch(p -> p.contains("gateway.sentinel")));

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      expected.add("{\"call_id\":\"call-" + i + "\",\"event_type\":\"gateway.request_received\","
          + "\"timestamp\":\"2026-11-27T04:05:06.123456Z\",\"data\":{\"model\":\"m\",\"stream\":true}}");
      expected.add("{\"call_id\":\"call-" + i + "\",\"event_type\":\"policy.decision\","
          + "\"timestamp\":\"2026-11-27T04:05:06.123456Z\",\"data\":{\"allowed\":false,\"score\":0.5,"
          + "\"tags\":[\"a\",\"b\"]}}");
    }
    expected.add("{\"call_id\":null,\"event_type\":\"gateway.tick\",\"timestamp\":\"2026-11-27T04:05:06.123456Z\","
        + "\"data\":{}}");
    expected.add("{\"call_id\":\"last\",\"event_type\":\"gateway.sentinel\","
        + "\"timestamp\":\"2026-11-27T04:05:06.123456Z\",\"data\":{}}");
    assertThat(subscriber.payloads()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(subscriber.messages()).allMatch(m -> m.channel().equals("luthien:activity"));

    Await.until(Duration.ofSeconds(20), "the sentinel span at Tempo", () -> tempo.spanCount() == calls + 2);
    Map<String, io.opentelemetry.proto.trace.v1.Span> byName = tempo.spans().stream()
        .collect(Collectors.toMap(io.opentelemetry.proto.trace.v1.Span::getName, s -> s));
    assertThat(byName).hasSize(calls + 2);
    var chat = byName.get("chat 7");
    assertThat(chat.getEventsList()).extracting(e -> e.getName())
        .containsExactly("gateway.request_received", "cache.lookup", "policy.decision");
    assertThat(chat.getEvents(0).getTimeUnixNano()).isEqualTo(T.getEpochSecond() * 1_000_000_000L + T.getNano());
    assertThat(chat.getEvents(0).getAttributesList()).extracting(KeyValue::getKey).containsExactly("model", "stream");
    assertThat(chat.getAttributesList()).extracting(KeyValue::getKey).contains("luthien.call_id");
    assertThat(relay.counter("relay.redis.dropped.messages")).isZero();
  }

  @Test
  void perCallChannelsAndTheDefaultMessage() throws Exception {
    tempo = TempoStub.start();
    relay = TestRelay.start(new TestConfig()
        .otlpReceiver()
        .otlpExporter("otlp/tempo", tempo)
        .redisExporter("redis", redis, """
            routes:
              - match: 'name == "gateway.request_sent" and span.attributes["luthien.call_id"] != nil'
                channel: 'luthien:call:{{ span.attributes["luthien.call_id"] }}'
            """)
        .pipeline("traces", List.of("otlp"), List.of("otlp/tempo", "redis")));
    subscriber = RedisSubscriber.patterns(redis.uri(), "luthien:call:*");
    sdk = new Sdk(relay.grpcPort("otlp"));
    Span span = sdk.tracer().spanBuilder("upstream").setAttribute("luthien.call_id", "abc").startSpan();
    span.addEvent("gateway.request_sent", Attributes.of(AttributeKey.longKey("bytes"), 42L), T);
    span.addEvent("gateway.request_received", Attributes.empty(), T);
    span.end();
    Span other = sdk.tracer().spanBuilder("no-id").startSpan();
    other.addEvent("gateway.request_sent", Attributes.empty(), T);
    other.end();
    sdk.flush();

    Await.until(Duration.ofSeconds(20), "the message", () -> subscriber.messages().size() == 1);
    Await.until(Duration.ofSeconds(20), "both spans at Tempo", () -> tempo.spanCount() == 2);
    var sent = tempo.spans().stream().filter(s -> s.getName().equals("upstream")).findFirst().orElseThrow();
    String traceId = dev.relay.ottl.Id.hex(sent.getTraceId());
    String spanId = dev.relay.ottl.Id.hex(sent.getSpanId());
    assertThat(subscriber.messages()).containsExactly(new RedisSubscriber.Message("luthien:call:abc",
        "{\"trace_id\":\"" + traceId + "\",\"span_id\":\"" + spanId + "\",\"span_name\":\"upstream\","
            + "\"name\":\"gateway.request_sent\",\"time\":\"2026-11-27T04:05:06.123456Z\","
            + "\"attributes\":{\"bytes\":42},\"resource\":" + resourceJson(sent) + "}"));
  }

  private String resourceJson(io.opentelemetry.proto.trace.v1.Span span) {
    var resource = tempo.requests().stream().flatMap(r -> r.getResourceSpansList().stream())
        .filter(rs -> rs.getScopeSpansList().stream().anyMatch(ss -> ss.getSpansList().contains(span)))
        .findFirst().orElseThrow().getResource();
    dev.relay.json.JsonWriter w = new dev.relay.json.JsonWriter(256);
    dev.relay.ottl.ValueJson.attributes(w, resource.getAttributesList());
    assertThat(w.toString()).contains("\"service.name\":\"relay-test\"");
    return w.toString();
  }
}
