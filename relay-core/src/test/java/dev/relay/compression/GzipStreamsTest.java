package dev.relay.compression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipStreamsTest {
  private static byte[] sample(int seed, int size) {
    // Compressible but not trivial: words from a small alphabet, as protobuf's repeated keys are.
    Random r = new Random(seed);
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ("service.name=checkout span " .charAt(r.nextInt(27)));
    }
    return b;
  }

  private static byte[] gzip(GzipStreams streams, byte[] data, int chunk) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = streams.open(bytes)) {
      for (int i = 0; i < data.length; i += chunk) {
        out.write(data, i, Math.min(chunk, data.length - i));
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    return new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
  }

  @Test
  void aReusedDeflaterWritesWhatAFreshGzipStreamWrites() throws Exception {
    GzipStreams streams = new GzipStreams(1);
    byte[] first = sample(1, 200_000);
    byte[] second = sample(2, 30_000);
    byte[] a = gzip(streams, first, 8192);
    assertThat(streams.idle()).isEqualTo(1);
    byte[] b = gzip(streams, second, 1); // byte-sized writes too
    byte[] c = gzip(streams, new byte[0], 1);
    assertThat(streams.idle()).isEqualTo(1);
    assertThat(gunzip(a)).isEqualTo(first);
    assertThat(gunzip(b)).isEqualTo(second);
    assertThat(gunzip(c)).isEmpty();
    // The deflate stream is zlib's at the same level: byte for byte what the JDK's GZIPOutputStream writes, but
    // for the header's OS byte (unknown here, 0 there).
    ByteArrayOutputStream jdk = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(jdk) {
      {
        def.setLevel(1);
      }
    }) {
      out.write(second);
    }
    byte[] expected = jdk.toByteArray();
    expected[9] = (byte) 0xff;
    assertThat(b).isEqualTo(expected);
  }

  @Test
  void concurrentStreamsEachGetTheirOwnDeflaterAndAtMostTwoAreKept() throws Exception {
    GzipStreams streams = new GzipStreams(6);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        int seed = t;
        results.add(pool.submit(() -> {
          byte[] data = sample(seed, 50_000 + seed * 997);
          return java.util.Arrays.equals(gunzip(gzip(streams, data, 4096)), data);
        }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(streams.idle()).isBetween(1, GzipStreams.MAX_IDLE);
  }

  @Test
  void aStreamThatFailedIsNotReused() throws Exception {
    GzipStreams streams = new GzipStreams(1);
    OutputStream broken = new OutputStream() {
      private int written;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        written += len;
        if (written > 10) { // the header passes; the first deflated bytes fail
          throw new IOException("connection reset");
        }
      }
    };
    OutputStream out = streams.open(broken);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> out.write(sample(3, 100_000)))
        .isInstanceOf(IOException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(out::close).isInstanceOf(IOException.class);
    assertThat(streams.idle()).isZero();
    byte[] data = sample(4, 10_000);
    assertThat(gunzip(gzip(streams, data, 512))).isEqualTo(data);
  }
}
