package dev.relay.bench.jmh;

import dev.relay.ottl.Condition;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanPaths;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** A compiled three-clause condition on a span with 20 attributes, as a filter evaluates it (on a builder). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OttlBench {
  private SpanContext ctx;
  private Condition<SpanContext> threeClauses;
  private Condition<SpanContext> withRegex;

  @Setup
  public void setup() throws Exception {
    Span.Builder span = Fixtures.span(new Random(1), 20, true).toBuilder();
    ctx = new SpanContext().set(Resource.newBuilder(), InstrumentationScope.newBuilder(), span);
    threeClauses = SpanPaths.compiler().condition(
        "kind == SPAN_KIND_SERVER and attributes[\"k17\"] == \"value-17\" and name != \"GET /health\"");
    withRegex = SpanPaths.compiler().condition(
        "kind == SPAN_KIND_SERVER and IsMatch(attributes[\"k17\"], \"^value-1\\\\d$\") and name != \"GET /health\"");
    if (!threeClauses.test(ctx) || !withRegex.test(ctx)) {
      throw new IllegalStateException("the benchmark conditions must hold on the fixture");
    }
  }

  @Benchmark
  public boolean threeClauseCondition() {
    return threeClauses.test(ctx);
  }

  @Benchmark
  public boolean threeClausesWithRegex() {
    return withRegex.test(ctx);
  }
}
