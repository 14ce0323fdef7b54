package dev.relay.exporter.redis;

import static dev.relay.testing.KeyValues.kv;
import static dev.relay.testing.TestTraces.event;
import static dev.relay.testing.TestTraces.request;
import static dev.relay.testing.TestTraces.scope;
import static dev.relay.testing.TestTraces.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.config.Problems;
import dev.relay.config.YamlLoader;
import dev.relay.json.JsonWriter;
import dev.relay.otlp.TracesBatch;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.testing.KeyValues;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The route walk over request bytes, with a recording sink in place of the Redis connection. */
class EventRouterTest {
  private final List<String> messages = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private int unresolved;
  private int invalid;
  private int tooLarge;
  private int truncated;

  private final EventRouter.Sink sink = new EventRouter.Sink() {
    @Override
    public void message(Route route, String channel, String stream, JsonWriter json) {
      messages.add((channel != null ? channel : "") + (stream != null ? " stream:" + stream : "") + " " + json);
    }

    @Override
    public void unresolvedChannel(Route route) {
      unresolved++;
    }

    @Override
    public void invalidChannel(Route route) {
      invalid++;
    }

    @Override
    public void tooLarge(Route route, int targets) {
      tooLarge += targets;
    }

    @Override
    public void truncated(Route route) {
      truncated++;
    }

    @Override
    public void routeFailed(Route route, OttlRuntimeException e) {
      failures.add(route.index() + ": " + e.getMessage());
    }
  };

  private static EventRouter router(String yaml) throws Exception {
    Problems p = new Problems("t.yaml");
    RedisExporterConfig cfg = new RedisExporterFactory().parseConfig(new YamlLoader(k -> null).parse(yaml, p));
    p.throwIfAny();
    return new EventRouter(cfg.routes(), cfg.maxPayloadBytes(), cfg.truncateOversize());
  }

  @Test
  void placeholderValuesThatCouldFormAGlobOrSplitALineOrAreTooLongAreNotSent() throws Exception {
    EventRouter r = router("""
        max_name_bytes: 32
        routes:
          - channel: 'call:{{ attributes["id"] }}'
            stream: 'history:{{ attributes["id"] }}'
            payload:
              id: attributes["id"]
        """);
    List<String> hostile = List.of("*", "a?", "[ab]", "a\\b", "a b", "x\nPUBLISH", "tab\there", "nul\u0000",
        "nbsp\u00a0", "zero\u200bwidth", "rtl\u202eoverride", "line\u2028sep",
        "x".repeat(1000), "x".repeat(27));
    Span.Builder span = span("s");
    for (String id : hostile) {
      span.addEvents(event("e", kv("id", id)));
    }
    span.addEvents(event("e", kv("id", "ok-1")));
    span.addEvents(event("e", kv("id", "x".repeat(24)))); // "history:" + 24 = 32 bytes: just fits
    span.addEvents(event("e", kv("id", "\u00e9t\u00e9"))); // non-ASCII that is not a space is fine
    r.route(TracesBatch.fromWire(request(span).toByteArray()), sink);
    assertThat(invalid).isEqualTo(hostile.size() * 2 - 1); // "x" * 27 fits "call:" (32) but not "history:" (35)
    assertThat(messages).containsExactly(
        "call:" + "x".repeat(27) + " {\"id\":\"" + "x".repeat(27) + "\"}",
        "call:ok-1 stream:history:ok-1 {\"id\":\"ok-1\"}",
        "call:" + "x".repeat(24) + " stream:history:" + "x".repeat(24) + " {\"id\":\"" + "x".repeat(24) + "\"}",
        "call:\u00e9t\u00e9 stream:history:\u00e9t\u00e9 {\"id\":\"\u00e9t\u00e9\"}");
    assertThat(unresolved).isZero();
  }

  @Test
  void oversizedPayloadsAreTruncatedOrDroppedAndCounted() throws Exception {
    String big = "x".repeat(5000);
    byte[] req = request(span("s").addEvents(event("e", kv("prompt", big), kv("model", "m")))).toByteArray();
    router("""
        max_payload_bytes: 1024
        routes:
          - channel: c
            payload:
              data: attributes
        """).route(TracesBatch.fromWire(req), sink);
    assertThat(truncated).isEqualTo(1);
    assertThat(messages).hasSize(1);
    String msg = messages.get(0).substring(2);
    assertThat(msg.length()).isLessThanOrEqualTo(1024);
    assertThat(msg).isEqualTo("{\"data\":{\"prompt\":\"" + "x".repeat(512) + "\",\"model\":\"m\"}}");

    messages.clear();
    router("""
        max_payload_bytes: 1024
        oversize: drop
        routes:
          - channel: c
            payload:
              data: attributes
        """).route(TracesBatch.fromWire(req), sink);
    assertThat(messages).isEmpty();
    assertThat(tooLarge).isEqualTo(1);
  }

  @Test
  void aFailingRouteSkipsOnlyThatEventAndRoute() throws Exception {
    EventRouter r = router("""
        routes:
          - match: 'ToUpperCase(attributes["n"]) == "X"'
            channel: evil
          - channel: hashed
            payload:
              h: SHA256(attributes["n"])
          - channel: 'per:{{ attributes["id"] }}'
            payload:
              name: name
        """);
    Span.Builder span = span("s")
        .addEvents(event("a".repeat(19) + "b".repeat(10), kv("n", 1), kv("id", "x")))
        .addEvents(event("plain", kv("n", "abc")));
    r.route(TracesBatch.fromWire(request(span).toByteArray()), sink);
    assertThat(failures).containsExactly(
        "0: ToUpperCase expects a string, got Long",
        "1: SHA256 expects a string, got Long");
    assertThat(messages).containsExactly(
        "per:x {\"name\":\"" + "a".repeat(19) + "b".repeat(10) + "\"}",
        "hashed {\"h\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}");
    assertThat(unresolved).isEqualTo(1);
  }

  @Test
  void findsTheResourceWhereverItIsOnTheWire() throws Exception {
    EventRouter r = router("""
        routes:
          - channel: c
            payload:
              svc: resource.attributes["service.name"]
              event: name
        """);
    ScopeSpans scope = scope(Span.newBuilder().addEvents(event("e1")));
    Resource resource = Resource.newBuilder().addAllAttributes(KeyValues.of("service.name", "svc")).build();
    // ResourceSpans with scope_spans (field 2) written before resource (field 1): valid protobuf, unusual order.
    ByteArrayOutputStream rs = new ByteArrayOutputStream();
    var out = com.google.protobuf.CodedOutputStream.newInstance(rs);
    out.writeMessage(2, scope);
    out.writeMessage(1, resource);
    out.flush();
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    var reqOut = com.google.protobuf.CodedOutputStream.newInstance(req);
    reqOut.writeByteArray(1, rs.toByteArray());
    reqOut.flush();
    r.route(TracesBatch.fromWire(req.toByteArray()), sink);
    assertThat(messages).containsExactly("c {\"svc\":\"svc\",\"event\":\"e1\"}");
  }
}
