package dev.relay.bench.jmh;

import dev.relay.compression.Compression;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the {@code otlp} exporter's compression costs per send: one merged send of eight 100-span requests (the
 * end-to-end bench's spans, 800 a send), compressed as each {@code compression} / {@code compression_params.level}
 * would. The setup prints each one's compressed size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompressionBench {
  @Param({"gzip/-1", "gzip/1", "zstd/1", "zstd/3"})
  public String compression;

  private Compression codec;
  private List<byte[]> send;
  private int raw;

  @Setup(Level.Trial)
  public void setup() {
    String[] p = compression.split("/");
    codec = new Compression(Compression.Type.valueOf(p[0].toUpperCase(java.util.Locale.ROOT)),
        Integer.parseInt(p[1]));
    send = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      byte[] r = Fixtures.request(i).toByteArray();
      send.add(r);
      raw += r.length;
    }
    // The ratio does not vary between runs: printed once, in the fork's output.
    System.out.printf("%n%s: %d bytes -> %d bytes (%.1f%%)%n", compression, raw, codec.compress(send).length,
        100.0 * codec.compress(send).length / raw);
  }

  @Benchmark
  public byte[] compressOneSend() {
    return codec.compress(send);
  }
}
