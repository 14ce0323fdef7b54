package dev.relay.bench.jmh;

import dev.relay.otlp.Batch;
import dev.relay.otlp.ItemLimits;
import dev.relay.otlp.Signal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the OTLP receiver does to every request before the pipeline sees it, on the end-to-end bench's 100-span
 * request: the wire check alone ({@code ItemLimits.NONE}), and the wire check with the receiver's default limits
 * (128 attributes, events and links), which every request pays unless the config turns them off. {@code
 * checkThenLimits} is the same work done as two walks (the check, then the exact limits), as before the screen.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IntakeBench {
  private static final ItemLimits DEFAULTS = new ItemLimits(128, 0, 128, 128, true);

  private byte[] request;

  @Setup(Level.Trial)
  public void setup() {
    request = Fixtures.request(7).toByteArray();
  }

  @Benchmark
  public Batch withoutLimits() throws Exception {
    return ItemLimits.NONE.admit(Signal.TRACES, request).batch();
  }

  @Benchmark
  public Batch withDefaultLimits() throws Exception {
    return DEFAULTS.admit(Signal.TRACES, request).batch();
  }

  @Benchmark
  public Object checkThenLimits() throws Exception {
    Batch.fromWire(Signal.TRACES, request);
    return DEFAULTS.apply(Signal.TRACES, request);
  }
}
