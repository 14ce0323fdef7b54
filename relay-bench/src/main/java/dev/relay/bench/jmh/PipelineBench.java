package dev.relay.bench.jmh;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.ConfigMap;
import dev.relay.config.Problems;
import dev.relay.config.YamlLoader;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.TracesBatch;
import dev.relay.processor.filter.FilterConfig;
import dev.relay.processor.filter.FilterProcessorFactory;
import dev.relay.processor.transform.TransformConfig;
import dev.relay.processor.transform.TransformProcessorFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
 * Per span, a 100-span request through one filter (nothing matches) and one transform of 5 statements, from the
 * received bytes to the bytes an exporter sends, against the plain pass-through (bytes forwarded untouched).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@OperationsPerInvocation(100)
public class PipelineBench {
  private byte[] wire;
  private TracesProcessor filterThenTransform;
  private TracesProcessor filterAlone;
  private TracesProcessor transformAlone;
  private TracesBatch[] out;

  @Setup
  public void setup() throws Exception {
    wire = Fixtures.request(7).toByteArray();
    out = new TracesBatch[1];
    TracesConsumer sink = b -> out[0] = b;
    var telemetry = new TelemetrySettings(new SimpleMeterRegistry());
    TransformProcessorFactory tf = new TransformProcessorFactory();
    TransformConfig tc = tf.parseConfig(yaml("""
        trace_statements:
          - context: span
            statements:
              - delete_key(attributes, "http.request.header.authorization")
              - set(attributes["deployment.environment"], "prod")
              - replace_pattern(attributes["k3"], "value", "v")
              - set(attributes["luthien.call_id"], ToUpperCase(attributes["luthien.call_id"]))
              - truncate_all(attributes, 64)
        """));
    TracesProcessor transform = tf.createTracesProcessor(new ComponentId("transform", ""), tc, sink, telemetry);
    FilterProcessorFactory ff = new FilterProcessorFactory();
    FilterConfig fc = ff.parseConfig(yaml("""
        traces:
          span:
            - 'name == "GET /health" and kind == SPAN_KIND_SERVER'
        """));
    filterThenTransform = ff.createTracesProcessor(new ComponentId("filter", ""), fc, transform, telemetry);
    filterAlone = ff.createTracesProcessor(new ComponentId("filter", "alone"), fc, sink, telemetry);
    transformAlone = transform;
  }

  private static ConfigMap yaml(String text) throws Exception {
    Problems problems = new Problems("bench.yaml");
    ConfigMap m = new YamlLoader(k -> null).parse(text, problems);
    problems.throwIfAny();
    return m;
  }

  @Benchmark
  public void passThrough(Blackhole bh) throws Exception {
    bh.consume(TracesBatch.fromWire(wire).bytes());
  }

  /** The floor any changing processor pays: decode the request and encode the result. */
  @Benchmark
  public void decodeAndEncode(Blackhole bh) throws Exception {
    bh.consume(TracesBatch.of(TracesBatch.fromWire(wire).request()).bytes());
  }

  /** Decode, turn into builders as a transform does, build and encode, running no statement. */
  @Benchmark
  public void decodeBuildersEncode(Blackhole bh) throws Exception {
    var req = TracesBatch.fromWire(wire).toBuilder();
    for (var rs : req.getResourceSpansBuilderList()) {
      for (var ss : rs.getScopeSpansBuilderList()) {
        bh.consume(ss.getSpansBuilderList());
      }
    }
    bh.consume(TracesBatch.of(req.build()).bytes());
  }

  @Benchmark
  public void filterAndTransform(Blackhole bh) throws Exception {
    filterThenTransform.consumeTraces(TracesBatch.fromWire(wire));
    bh.consume(out[0].bytes());
  }

  /** The filter alone (nothing matches, so the batch goes on as it came). */
  @Benchmark
  public void filterOnly(Blackhole bh) throws Exception {
    filterAlone.consumeTraces(TracesBatch.fromWire(wire));
    bh.consume(out[0].bytes());
  }

  /** The transform alone. */
  @Benchmark
  public void transformOnly(Blackhole bh) throws Exception {
    transformAlone.consumeTraces(TracesBatch.fromWire(wire));
    bh.consume(out[0].bytes());
  }
}
