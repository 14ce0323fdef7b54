package dev.relay.app.logging;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The bytes a {@link java.io.PrintStream} writes, cut into lines (each with its line break) and handed to a
 * {@link BackgroundLineWriter}. A flush hands over a partial line too, so a prompt without a line break is not held
 * back; a line longer than {@code maxLineBytes} is handed over in pieces of that size.
 */
final class LineOutputStream extends OutputStream {
  private static final int INITIAL = 256;
  private final BackgroundLineWriter writer;
  private final int maxLineBytes;
  private byte[] buf = new byte[INITIAL];
  private int len;

  LineOutputStream(BackgroundLineWriter writer, int maxLineBytes) {
    this.writer = writer;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public synchronized void write(int b) {
    append((byte) b);
    if (b == '\n' || len == maxLineBytes) {
      handOver();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int n) {
    int end = off + n;
    for (int i = off; i < end; i++) {
      append(b[i]);
      if (b[i] == '\n' || len == maxLineBytes) {
        handOver();
      }
    }
  }

  @Override
  public synchronized void flush() {
    if (len > 0) {
      handOver();
    }
  }

  private void append(byte b) {
    if (len == buf.length) {
      buf = Arrays.copyOf(buf, Math.min(maxLineBytes, buf.length * 2));
    }
    buf[len++] = b;
  }

  private void handOver() {
    writer.offer(Arrays.copyOf(buf, len));
    len = 0;
    if (buf.length > 16 * INITIAL) {
      buf = new byte[INITIAL]; // one long stack trace line does not keep its buffer for good
    }
  }
}
