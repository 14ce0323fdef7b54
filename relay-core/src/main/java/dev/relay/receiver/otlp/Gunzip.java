package dev.relay.receiver.otlp;

import com.google.rpc.Code;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Inflates a gzip body, stopping as soon as it passes {@code limit} bytes: a small body that inflates to gigabytes
 * (a gzip bomb) costs at most {@code limit} bytes of heap.
 */
final class Gunzip {
  private Gunzip() {}

  static byte[] inflate(byte[] in, long limit) throws HttpRefusal {
    try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(in), 8192)) {
      byte[] out = new byte[(int) Math.min(limit, Math.max(8192L, 4L * in.length))];
      int len = 0;
      while (true) {
        if (len == out.length) {
          if (len >= limit) {
            if (z.read() < 0) {
              break;
            }
            throw HttpRefusal.tooLarge("the body after gunzip", limit);
          }
          out = Arrays.copyOf(out, (int) Math.min(limit, 2L * out.length));
        }
        int n = z.read(out, len, out.length - len);
        if (n < 0) {
          break;
        }
        len += n;
      }
      return len == out.length ? out : Arrays.copyOf(out, len);
    } catch (IOException e) {
      throw new HttpRefusal(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT, "malformed gzip body: " + e);
    }
  }
}
