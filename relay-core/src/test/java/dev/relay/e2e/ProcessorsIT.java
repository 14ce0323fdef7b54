package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.KeyValues;
import dev.relay.testing.RedisSubscriber;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedis;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * filter and transform rules pasted unchanged from the Collector's READMEs, end to end: the real SDK sends, the
 * Tempo stand-in and a Redis subscriber see the documented effect.
 */
class ProcessorsIT {
  private static final Instant T = Instant.parse("2026-11-27T04:05:06.123456789Z");
  private static TestRedis redis;

  @BeforeAll
  static void redis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  private static Map<String, String> attrs(io.opentelemetry.proto.trace.v1.Span s) {
    return s.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey,
        kv -> kv.getValue().hasStringValue() ? kv.getValue().getStringValue() : kv.getValue().toString().trim()));
  }

  @Test
  void collectorReadmeFilterAndTransformRules() throws Exception {
    try (TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(new TestConfig()
            .otlpReceiver()
            .processor("filter/ottl", """
                error_mode: ignore
                traces:
                  span:
                    - 'attributes["container.name"] == "app_container_1"'
                    - 'resource.attributes["host.name"] == "localhost"'
                    - 'name == "app_3"'
                  spanevent:
                    - 'attributes["grpc"] == true'
                    - 'IsMatch(name, ".*grpc.*")'
                """)
            .processor("transform", """
                error_mode: ignore
                trace_statements:
                  - keep_keys(span.attributes, ["service.name", "service.namespace", "cloud.region", "process.command_line"])
                  - replace_pattern(span.attributes["process.command_line"], "password\\\\=[^\\\\s]*(\\\\s?)", "password=***")
                  - limit(span.attributes, 100, [])
                  - truncate_all(span.attributes, 4096)
                """)
            .processor("transform/examples", """
                error_mode: ignore
                trace_statements:
                  - set(span.attributes["test"], "pass") where span.attributes["test"] == nil
                  - set(resource.attributes["namespace"], resource.attributes["k8s.namespace.name"])
                  - delete_key(resource.attributes, "k8s.namespace.name")
                  - set(resource.attributes["test"], Concat([resource.attributes["foo"], resource.attributes["bar"]], " "))
                  - replace_all_patterns(resource.attributes, "key", "^k8s\\\\.pod\\\\.(.*)$", "pod.$$1")
                """)
            .otlpExporter("otlp", tempo)
            .pipeline("traces", List.of("otlp"), List.of("filter/ottl", "transform", "transform/examples"),
                List.of("otlp")));
        Sdk sdk = new Sdk(relay.grpcPort("otlp"), Attributes.builder()
            .put("k8s.namespace.name", "shop").put("k8s.pod.name", "web-1")
            .put("foo", "hello").put("bar", "world").build())) {
      var tracer = sdk.tracer();
      tracer.spanBuilder("app_3").startSpan().end();
      tracer.spanBuilder("container").setAttribute("container.name", "app_container_1").startSpan().end();
      Span kept = tracer.spanBuilder("kept")
          .setAttribute("process.command_line", "run --password=hunter2 --verbose")
          .setAttribute("cloud.region", "eu")
          .setAttribute("user.id", "u1")
          .startSpan();
      kept.addEvent("grpc.call", Attributes.empty(), T);
      kept.addEvent("tagged", Attributes.of(AttributeKey.booleanKey("grpc"), true), T);
      kept.addEvent("http.call", Attributes.empty(), T);
      kept.end();
      sdk.flush();

      Await.until(Duration.ofSeconds(20), "the kept span", () -> tempo.spanCount() >= 1);
      assertThat(tempo.spanCount()).isEqualTo(1);
      var span = tempo.spans().get(0);
      assertThat(span.getName()).isEqualTo("kept");
      assertThat(attrs(span)).containsExactlyInAnyOrderEntriesOf(Map.of(
          "process.command_line", "run --password=***--verbose",
          "cloud.region", "eu",
          "test", "pass"));
      assertThat(span.getEventsList()).extracting(e -> e.getName()).containsExactly("http.call");
      var resource = tempo.requests().get(0).getResourceSpans(0).getResource();
      Map<String, String> res = resource.getAttributesList().stream()
          .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
      assertThat(res).containsEntry("namespace", "shop").containsEntry("test", "hello world")
          .containsEntry("pod.name", "web-1").doesNotContainKeys("k8s.namespace.name", "k8s.pod.name");
      assertThat(relay.counter("relay.processor.filter.dropped.spans")).isEqualTo(2);
      assertThat(relay.counter("relay.processor.filter.dropped.span.events")).isEqualTo(2);
    }
  }

  @Test
  void filteringEverythingForwardsNothingAndAnotherPipelineSeesTheOriginal() throws Exception {
    try (TempoStub changed = TempoStub.start(); TempoStub original = TempoStub.start();
        RedisSubscriber subscriber = RedisSubscriber.channels(redis.uri(), "activity");
        TestRelay relay = TestRelay.start(new TestConfig()
            .otlpReceiver()
            .processor("transform/redact", """
                trace_statements:
                  - context: spanevent
                    statements:
                      - replace_pattern(attributes["prompt"], "secret", "******")
                      - set(attributes["redacted"], true)
                  - context: span
                    conditions:
                      - name == "chat"
                    statements:
                      - set(attributes["email"], SHA256(attributes["email"]))
                      - set(resource.attributes["deployment.environment"], "prod")
                """)
            .processor("filter/drop-health", """
                traces:
                  span:
                    - name == "health"
                """)
            .otlpExporter("otlp/changed", changed)
            .otlpExporter("otlp/original", original)
            .redisExporter("redis", redis, """
                routes:
                  - match: 'IsMatch(name, "^gateway\\\\.")'
                    channel: activity
                    payload:
                      prompt: attributes["prompt"]
                      redacted: attributes["redacted"]
                      env: resource.attributes["deployment.environment"]
                """)
            .pipeline("traces/changed", List.of("otlp"), List.of("filter/drop-health", "transform/redact"),
                List.of("otlp/changed", "redis"))
            .pipeline("traces/original", List.of("otlp"), List.of("otlp/original")));
        Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
      var tracer = sdk.tracer();
      tracer.spanBuilder("health").startSpan().end();
      sdk.flush();
      Await.until(Duration.ofSeconds(20), "the original pipeline", () -> original.spanCount() == 1);
      Span chat = tracer.spanBuilder("chat").setAttribute("email", "ann@example.com").startSpan();
      chat.addEvent("gateway.prompt", Attributes.of(AttributeKey.stringKey("prompt"), "my secret plan"), T);
      chat.end();
      sdk.flush();

      Await.until(Duration.ofSeconds(20), "both pipelines", () -> original.spanCount() == 2 && changed.spanCount() == 1);
      Await.until(Duration.ofSeconds(20), "the Redis message", () -> subscriber.messages().size() == 1);
      assertThat(changed.calls()).isEqualTo(1); // the batch with only 'health' was dropped whole, not sent empty
      var sent = changed.spans().get(0);
      assertThat(attrs(sent).get("email")).hasSize(64).isNotEqualTo("ann@example.com");
      assertThat(sent.getEvents(0).getAttributesList()).extracting(kv -> kv.getValue().getStringValue())
          .contains("my ****** plan");
      assertThat(subscriber.payloads()).containsExactly(
          "{\"prompt\":\"my ****** plan\",\"redacted\":true,\"env\":\"prod\"}");
      var untouched = original.spans().stream().filter(s -> s.getName().equals("chat")).findFirst().orElseThrow();
      assertThat(attrs(untouched).get("email")).isEqualTo("ann@example.com");
      assertThat(untouched.getEvents(0).getAttributesList()).extracting(kv -> kv.getValue().getStringValue())
          .containsExactly("my secret plan");
      assertThat(original.requests().get(1).getResourceSpans(0).getResource().getAttributesList())
          .extracting(KeyValue::getKey).doesNotContain("deployment.environment");
    }
  }

  @Test
  void propagateFailsTheRequestWithAClearStatus() throws Exception {
    try (TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(new TestConfig()
            .otlpReceiver()
            .processor("transform", """
                error_mode: propagate
                trace_statements:
                  - set(span.name, span.attributes["n"])
                """)
            .otlpExporter("otlp", tempo)
            .pipeline("traces", List.of("otlp"), List.of("transform"), List.of("otlp")))) {
      var channel = io.grpc.ManagedChannelBuilder.forAddress("127.0.0.1", relay.grpcPort("otlp")).usePlaintext()
          .build();
      try {
        var req = TestTraces.request(TestTraces.span("x").addAttributes(KeyValues.kv("n", 5))).toByteArray();
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(io.grpc.StatusRuntimeException.class,
            () -> io.grpc.stub.ClientCalls.blockingUnaryCall(channel, dev.relay.otlp.OtlpGrpcMethods.TRACE_EXPORT,
                io.grpc.CallOptions.DEFAULT, req));
        assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription())
            .isEqualTo("transform: statement 'set(span.name, span.attributes[\"n\"])' failed: "
                + "span.name must be set to a string, not an int");
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
