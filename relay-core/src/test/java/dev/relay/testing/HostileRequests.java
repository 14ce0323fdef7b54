package dev.relay.testing;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * What hostile clients send a relay over HTTP/1.1 and its admin server, for the process-level tests and the hostile
 * load bench: payloads (a gzip bomb, a span with a huge number of attributes, malformed protobuf) and connections
 * that hold the relay (a body stalled near the size limit, a head sent a byte at a time, an idle connection, a /tap
 * client that never reads). Each connection is a plain socket on loopback the caller closes.
 */
public final class HostileRequests {
  /** Bytes that are not an {@code ExportTraceServiceRequest}. */
  public static final byte[] MALFORMED = {(byte) 0xff, 0x0a};

  private HostileRequests() {}

  /** {@code mib} MiB of zeros, gzipped (about a thousandth of the size). */
  public static byte[] gzipBomb(int mib) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(compressed)) {
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < mib; i++) {
        z.write(zeros);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  /** An export request of one span named {@code wide} with {@code n} attributes, written as bytes (5 each). */
  public static byte[] wideSpan(int n) {
    ByteArrayOutputStream span = new ByteArrayOutputStream(n * 5 + 64);
    try {
      TestTraces.spanWithIds("wide").build().writeTo(span);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] attribute = {0x4a, 0x03, 0x0a, 0x01, 'k'}; // attributes (field 9): {key: "k"}
    for (int i = 0; i < n; i++) {
      span.write(attribute, 0, attribute.length);
    }
    return wrap(1, wrap(2, wrap(2, span.toByteArray()))); // resource_spans / scope_spans / spans
  }

  private static byte[] wrap(int field, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 8);
    try {
      CodedOutputStream c = CodedOutputStream.newInstance(out);
      c.writeByteArray(field, body);
      c.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A protobuf POST to {@code /v1/traces}, gzipped (declared so) or not. */
  public static HttpRequest post(int httpPort, byte[] body, boolean gzip) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf");
    if (gzip) {
      b.header("Content-Encoding", "gzip");
    }
    return b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  /**
   * A /tap whose {@code match} nests {@code depth} parentheses, sent as they are (they are legal in a query): so
   * 1,000 levels fit the 4096-byte request line and reach the OTTL parser (percent-encoded, they would not: 414).
   */
  public static HttpRequest deepMatchTap(int adminPort, int depth) {
    String match = "(".repeat(depth) + "true" + ")".repeat(depth);
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/tap?pipeline=traces&match="
        + match)).build();
  }

  /** A POST declaring {@code declared} body bytes, of which {@code sent} are sent; then nothing. */
  public static Socket stalledBody(int httpPort, int declared, int sent) throws IOException {
    Socket s = new Socket("127.0.0.1", httpPort);
    OutputStream out = s.getOutputStream();
    out.write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
        + "Content-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(new byte[sent]);
    out.flush();
    return s;
  }

  /** A connection that has sent the first byte of a request head; {@link #drip} sends the next. */
  public static Socket slowloris(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    drip(s, 0);
    return s;
  }

  private static final byte[] SLOW_HEAD =
      "POST /v1/traces HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          .getBytes(StandardCharsets.US_ASCII);

  /** Sends byte {@code i} of a head that never ends; false once the relay has closed the connection. */
  public static boolean drip(Socket s, int i) {
    try {
      s.getOutputStream().write(SLOW_HEAD[i % SLOW_HEAD.length]);
      s.getOutputStream().flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A connection that sends nothing. */
  public static Socket idle(int port) throws IOException {
    return new Socket("127.0.0.1", port);
  }

  /**
   * A /tap on every span of {@code pipeline} whose client never reads: a small receive buffer, so the relay's writes
   * back up at once.
   */
  public static Socket nonReadingTap(int adminPort, String pipeline) throws IOException {
    return nonReading(adminPort, "/tap?pipeline=" + pipeline);
  }

  /** A /tap on {@code pipeline} with the OTTL condition {@code match}, whose client never reads. */
  public static Socket nonReadingTap(int adminPort, String pipeline, String match) throws IOException {
    return nonReading(adminPort, "/tap?pipeline=" + pipeline + "&match=" + URLEncoder.encode(match,
        StandardCharsets.UTF_8));
  }

  /** An /activity/stream of Redis stream {@code stream} from {@code replay} entries back, whose client never reads. */
  public static Socket nonReadingActivityStream(int adminPort, String stream, int replay) throws IOException {
    return nonReading(adminPort, "/activity/stream?stream=" + URLEncoder.encode(stream, StandardCharsets.UTF_8)
        + "&replay=" + replay);
  }

  /** A GET of {@code pathAndQuery} on a connection with a small receive buffer that is then never read. */
  private static Socket nonReading(int adminPort, String pathAndQuery) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(new java.net.InetSocketAddress("127.0.0.1", adminPort));
    // A loopback Host: the admin server answers any other 421 (its DNS-rebinding guard) before the path is served.
    s.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + adminPort + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  /**
   * The status of the answer that begins on {@code s} (the next 12 bytes, within 10 s), or -1 when the relay
   * closed the connection without one (refused at accept).
   */
  public static int status(Socket s) throws IOException {
    s.setSoTimeout(10_000);
    byte[] head;
    try {
      head = s.getInputStream().readNBytes(12);
    } catch (java.net.SocketException reset) {
      return -1;
    }
    String line = new String(head, StandardCharsets.US_ASCII);
    return line.startsWith("HTTP/1.1 ") && line.length() == 12 ? Integer.parseInt(line.substring(9)) : -1;
  }

  /**
   * One hostile request of five kinds, by {@code turn}: a gzip bomb ({@code bomb}), a body of 4 MB declared and
   * 3 MB sent then held for {@code holdMillis}, a span with 100,000 attributes, malformed protobuf, a /tap with a
   * 1,000-level match. Its outcome is not returned: the relay's survival and the good client's are what count.
   */
  public static void mixed(long turn, HttpClient http, int httpPort, int adminPort, byte[] bomb, long holdMillis) {
    try {
      switch ((int) (turn % 5)) {
        case 0 -> http.send(post(httpPort, bomb, true), HttpResponse.BodyHandlers.discarding());
        case 1 -> {
          try (Socket s = stalledBody(httpPort, 4_000_000, 3_000_000)) {
            Thread.sleep(holdMillis); // the attacker holding its connection, not synchronisation
          }
        }
        case 2 -> http.send(post(httpPort, wideSpan(100_000), false), HttpResponse.BodyHandlers.discarding());
        case 3 -> http.send(post(httpPort, MALFORMED, false), HttpResponse.BodyHandlers.discarding());
        default -> http.send(deepMatchTap(adminPort, 1_000), HttpResponse.BodyHandlers.discarding());
      }
    } catch (IOException e) {
      // a refused or cut connection is the relay defending itself
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
