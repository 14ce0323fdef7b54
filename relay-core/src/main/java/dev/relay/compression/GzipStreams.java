package dev.relay.compression;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip streams at one level over a few reused deflaters. A {@code GZIPOutputStream} per send made a new zlib state
 * (about 300 KB of native memory, set up and torn down) and an 8 KB buffer each time: a fifth of all the relay
 * allocated when an app sent one small batch at a time, and a young collection (a pause) every half second.
 * Idle deflaters are kept up to {@link #MAX_IDLE}; more streams at once get fresh ones, ended when they close.
 */
final class GzipStreams {
  /** Deflaters kept between sends: what one exporter's few concurrent sends reuse, at ~300 KB native each. */
  static final int MAX_IDLE = 2;
  private static final int HUFFMAN_ONLY = -2;
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  /**
   * One pool per level (-2 to 9), shared by the exporters that compress at it: a {@link Compression} is a value
   * (a record), so the pool cannot live in it, and a pool per level bounds what is kept to a few deflaters.
   */
  private static final GzipStreams[] BY_LEVEL = new GzipStreams[12];

  static {
    for (int level = HUFFMAN_ONLY; level <= Deflater.BEST_COMPRESSION; level++) {
      BY_LEVEL[level - HUFFMAN_ONLY] = new GzipStreams(level);
    }
  }

  private final int level;
  private final ConcurrentLinkedQueue<State> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  GzipStreams(int level) {
    this.level = level;
  }

  /** The shared pool for a gzip level (-2 for Huffman only, -1 for zlib's default, 0 to 9). */
  static GzipStreams at(int level) {
    return BY_LEVEL[level - HUFFMAN_ONLY];
  }

  /** A stream that gzips into {@code out}; closing it writes the trailer and closes {@code out}. */
  OutputStream open(OutputStream out) throws IOException {
    out.write(HEADER); // first: a failed write must not strand a pooled deflater
    State state = idle.poll();
    if (state == null) {
      state = new State(level);
    } else {
      idleCount.decrementAndGet();
    }
    return new Stream(out, state);
  }

  /** Deflaters idle now (for tests). */
  int idle() {
    return idleCount.get();
  }

  private void release(State state) {
    state.deflater.reset();
    state.crc.reset();
    if (idleCount.incrementAndGet() <= MAX_IDLE) {
      idle.offer(state);
    } else {
      idleCount.decrementAndGet();
      state.deflater.end();
    }
  }

  /** A deflater with its checksum and output buffer: used by one stream at a time. */
  private static final class State {
    final Deflater deflater;
    final CRC32 crc = new CRC32();
    final byte[] buf = new byte[8192];

    State(int level) {
      if (level == HUFFMAN_ONLY) {
        deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setStrategy(Deflater.HUFFMAN_ONLY);
      } else {
        deflater = new Deflater(level, true);
      }
    }
  }

  private final class Stream extends OutputStream {
    private final OutputStream out;
    private State state;
    private int size;

    Stream(OutputStream out, State state) {
      this.out = out;
      this.state = state;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (state == null) {
        throw new IOException("gzip stream closed");
      }
      if (len == 0) {
        return;
      }
      state.crc.update(b, off, len);
      size += len;
      Deflater d = state.deflater;
      d.setInput(b, off, len);
      while (!d.needsInput()) {
        drain(d);
      }
    }

    private void drain(Deflater d) throws IOException {
      int n = d.deflate(state.buf, 0, state.buf.length, Deflater.NO_FLUSH);
      if (n > 0) {
        out.write(state.buf, 0, n);
      }
    }

    @Override
    public void close() throws IOException {
      State s = state;
      if (s == null) {
        return;
      }
      state = null;
      boolean finished = false;
      try {
        s.deflater.finish();
        while (!s.deflater.finished()) {
          int n = s.deflater.deflate(s.buf, 0, s.buf.length, Deflater.NO_FLUSH);
          if (n > 0) {
            out.write(s.buf, 0, n);
          }
        }
        byte[] trailer = new byte[8];
        putIntLe(trailer, 0, (int) s.crc.getValue());
        putIntLe(trailer, 4, size);
        out.write(trailer);
        finished = true;
      } finally {
        if (finished) {
          release(s);
        } else {
          s.deflater.end(); // in an unknown state: not reused
        }
        out.close();
      }
    }
  }

  private static void putIntLe(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }
}
