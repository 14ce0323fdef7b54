package dev.relay.bench.jmh;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.ConfigMap;
import dev.relay.config.Problems;
import dev.relay.config.YamlLoader;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.TracesBatch;
import dev.relay.processor.attributes.AttributesProcessorFactory;
import dev.relay.processor.resource.ResourceProcessorFactory;
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
 * Per span, the end-to-end bench's 100-span request through an {@code attributes} processor (four actions on every
 * span of service {@code gateway}; or an include that matches nothing, so the batch goes on unchanged) and through
 * a {@code resource} processor (two actions on the one resource), from the received bytes to the bytes an exporter
 * sends. {@link PipelineBench#passThrough} is the floor.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@OperationsPerInvocation(100)
public class AttributesBench {
  private byte[] wire;
  private TracesProcessor attributes;
  private TracesProcessor attributesSkipping;
  private TracesProcessor resource;
  private TracesBatch[] out;

  @Setup
  public void setup() throws Exception {
    wire = Fixtures.request(7).toByteArray();
    out = new TracesBatch[1];
    TracesConsumer sink = b -> out[0] = b;
    var telemetry = new TelemetrySettings(new SimpleMeterRegistry());
    String actions = """
        actions:
          - {key: deployment.environment, value: prod, action: upsert}
          - {key: luthien.call_id, action: hash}
          - {key: k3, action: delete}
          - {key: http.status, action: convert, converted_type: string}
        include:
          match_type: strict
          services: [%s]
        """;
    AttributesProcessorFactory af = new AttributesProcessorFactory();
    attributes = af.createTracesProcessor(new ComponentId("attributes", ""),
        af.parseConfig(yaml(actions.formatted("gateway"))), sink, telemetry);
    attributesSkipping = af.createTracesProcessor(new ComponentId("attributes", "skipping"),
        af.parseConfig(yaml(actions.formatted("billing"))), sink, telemetry);
    ResourceProcessorFactory rf = new ResourceProcessorFactory();
    resource = rf.createTracesProcessor(new ComponentId("resource", ""), rf.parseConfig(yaml("""
        attributes:
          - {key: deployment.environment, value: prod, action: upsert}
          - {key: k8s.cluster.name, from_attribute: service.name, action: insert}
        """)), sink, telemetry);
  }

  private static ConfigMap yaml(String text) throws Exception {
    Problems problems = new Problems("bench.yaml");
    ConfigMap m = new YamlLoader(k -> null).parse(text, problems);
    problems.throwIfAny();
    return m;
  }

  @Benchmark
  public void attributes(Blackhole bh) throws Exception {
    attributes.consumeTraces(TracesBatch.fromWire(wire));
    bh.consume(out[0].bytes());
  }

  /** An include that matches no span: every span is matched, none changed, the batch goes on as it came. */
  @Benchmark
  public void attributesMatchingNothing(Blackhole bh) throws Exception {
    attributesSkipping.consumeTraces(TracesBatch.fromWire(wire));
    bh.consume(out[0].bytes());
  }

  @Benchmark
  public void resource(Blackhole bh) throws Exception {
    resource.consumeTraces(TracesBatch.fromWire(wire));
    bh.consume(out[0].bytes());
  }
}
