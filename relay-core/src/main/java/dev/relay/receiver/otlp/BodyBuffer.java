package dev.relay.receiver.otlp;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * A connection's request body as it arrives, never past {@code max_request_body_size}. It grows as bytes arrive and
 * is not sized from Content-Length: a declared size costs nothing until it is sent.
 */
final class BodyBuffer {
  private final long limit;
  private byte[] bytes;
  private int length;

  BodyBuffer(long limit) {
    this.limit = limit;
  }

  /** Starts a body that declares {@code declared} bytes (-1: not declared), already checked against the limit. */
  void start(long declared) {
    long initial = declared > 0 ? Math.min(declared, 64 * 1024) : 8192;
    bytes = new byte[(int) Math.min(initial, limit)];
    length = 0;
  }

  /** Appends {@code buf}'s readable bytes; false, reading nothing, when they would take the body past the limit. */
  boolean append(ByteBuf buf) {
    int n = buf.readableBytes();
    if ((long) length + n > limit) {
      return false;
    }
    if (length + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max((long) length + n, 2L * bytes.length)));
    }
    buf.readBytes(bytes, length, n);
    length += n;
    return true;
  }

  /** The whole body, which this buffer then forgets. */
  byte[] take() {
    byte[] b = length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    clear();
    return b;
  }

  void clear() {
    bytes = null;
    length = 0;
  }
}
