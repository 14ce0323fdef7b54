package dev.relay.receiver.otlp;

import com.google.rpc.Code;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Inflates a gzip body, stopping as soon as it passes {@code limit} bytes: a small body that inflates to gigabytes
 * (a gzip bomb) costs at most {@code limit} bytes of heap, each reserved in the in-flight budget before it is
 * allocated (a refusal there stops the inflation with 503).
 */
final class Gunzip {
  private Gunzip() {}

  static byte[] inflate(byte[] in, long limit, Reservation held) throws HttpRefusal {
    try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(in), 8192)) {
      int initial = (int) Math.min(limit, Math.max(8192L, 4L * in.length));
      held.grow(initial);
      byte[] out = new byte[initial];
      int len = 0;
      while (true) {
        if (len == out.length) {
          if (len >= limit) {
            if (z.read() < 0) {
              break;
            }
            throw HttpRefusal.tooLarge("the body after gunzip", limit);
          }
          int grown = (int) Math.min(limit, 2L * out.length);
          held.grow(grown - out.length); // the old array is garbage once copied
          out = Arrays.copyOf(out, grown);
        }
        int n = z.read(out, len, out.length - len);
        if (n < 0) {
          break;
        }
        len += n;
      }
      if (len == out.length) {
        return out;
      }
      held.grow(len);
      return Arrays.copyOf(out, len);
    } catch (IOException e) {
      throw new HttpRefusal(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT, "malformed gzip body: " + e);
    }
  }
}
