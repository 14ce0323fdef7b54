package dev.relay.exporter.redis;

import dev.relay.config.ConfigMap;
import dev.relay.config.Problems;
import dev.relay.config.YamlLoader;
import dev.relay.json.JsonWriter;
import dev.relay.otlp.TracesBatch;
import dev.relay.ottl.OttlRuntimeException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per span, the Redis exporter's routing of a 100-span request as {@code bench/run.sh} sends it (6 attributes and
 * one event per span; one span in ten has a selected {@code gateway.*} event), with the route of
 * {@code config/sidecar.yaml}'s shape: a regex match, a payload of four paths. The rendered messages go to a sink
 * that only counts them. (In this package because the router is package-private.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@OperationsPerInvocation(100)
public class RouteBench {
  private TracesBatch batch;
  private EventRouter router;
  private EventRouter perCallRouter;
  private Blackhole hole;

  private final EventRouter.Sink sink = new EventRouter.Sink() {
    @Override
    public void message(Route route, String channel, String stream, JsonWriter json) {
      hole.consume(json.size());
      hole.consume(channel);
    }

    @Override
    public void unresolvedChannel(Route route) {}

    @Override
    public void invalidChannel(Route route) {}

    @Override
    public void tooLarge(Route route, int targets) {}

    @Override
    public void truncated(Route route) {}

    @Override
    public void routeFailed(Route route, OttlRuntimeException e) {
      throw e;
    }
  };

  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
  }

  @Setup
  public void setup(Blackhole bh) throws Exception {
    hole = bh;
    Random random = new Random(7);
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    for (int i = 0; i < 100; i++) {
      byte[] id = new byte[16];
      random.nextBytes(id);
      Span.Builder b = Span.newBuilder().setTraceId(com.google.protobuf.ByteString.copyFrom(id))
          .setSpanId(com.google.protobuf.ByteString.copyFrom(id, 0, 8)).setName("span-" + i)
          .setStartTimeUnixNano(1_000_000).setEndTimeUnixNano(2_000_000)
          .addAttributes(kv("luthien.call_id", "call-" + random.nextInt(1_000_000)));
      for (int a = 0; a < 5; a++) {
        b.addAttributes(kv("k" + a, "value-" + a));
      }
      b.addEvents(Span.Event.newBuilder().setName(i % 10 == 0 ? "gateway.request_received" : "internal.checkpoint")
          .setTimeUnixNano(1_001_000).addAttributes(kv("model", "gpt-4o-mini")));
      ss.addSpans(b);
    }
    byte[] wire = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(kv("service.name", "gateway"))).addScopeSpans(ss))
        .build().toByteArray();
    batch = TracesBatch.fromWire(wire);
    Problems problems = new Problems("bench.yaml");
    ConfigMap m = new YamlLoader(k -> null).parse("""
        endpoint: redis://127.0.0.1:6379
        routes:
          - match: 'IsMatch(name, "^(gateway|policy)\\\\.")'
            channel: luthien:activity
            payload:
              call_id: span.attributes["luthien.call_id"]
              event_type: name
              timestamp: time
              data: attributes
        """, problems);
    problems.throwIfAny();
    RedisExporterConfig config = new RedisExporterFactory().parseConfig(m);
    router = new EventRouter(config.routes(), config.maxPayloadBytes(), config.truncateOversize());
    // The same route to a per-call channel: what rendering and checking a placeholder's value costs.
    ConfigMap templated = new YamlLoader(k -> null).parse("""
        endpoint: redis://127.0.0.1:6379
        routes:
          - match: 'IsMatch(name, "^(gateway|policy)\\\\.")'
            channel: 'luthien:call:{{ span.attributes["luthien.call_id"] }}'
            payload:
              call_id: span.attributes["luthien.call_id"]
              event_type: name
              timestamp: time
              data: attributes
        """, problems);
    problems.throwIfAny();
    RedisExporterConfig perCall = new RedisExporterFactory().parseConfig(templated);
    perCallRouter = new EventRouter(perCall.routes(), perCall.maxPayloadBytes(), perCall.truncateOversize());
  }

  @Benchmark
  public void route() {
    router.route(batch, sink);
  }

  @Benchmark
  public void routePerCallChannel() {
    perCallRouter.route(batch, sink);
  }
}
