package dev.relay.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A hostile HTTP/2 client written frame by frame on a loopback socket, plaintext or TLS, for the attacks a
 * well-behaved gRPC client cannot make: gRPC Export calls on a connection whose receive window is zero (the server
 * can never send its answers' messages, so every stream it accepts stays open), calls past the server's
 * {@code SETTINGS_MAX_CONCURRENT_STREAMS}, a HEADERS + RST_STREAM flood (HTTP/2 rapid reset) and pings. A reader
 * thread answers the server's SETTINGS (so its limits apply) and counts what the server sends back: refused
 * streams, other resets, answers, GOAWAY.
 */
public final class RawHttp2 implements AutoCloseable {
  public static final int REFUSED_STREAM = 0x7;
  public static final int CANCEL = 0x8;
  public static final int ENHANCE_YOUR_CALM = 0xb;
  private static final int DATA = 0x0;
  private static final int HEADERS = 0x1;
  private static final int RST_STREAM = 0x3;
  private static final int SETTINGS = 0x4;
  private static final int PING = 0x6;
  private static final int GOAWAY = 0x7;
  private static final int END_STREAM = 0x1;
  private static final int END_HEADERS = 0x4;
  private static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
  private static final String TRACE_EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

  private final Socket socket;
  private final OutputStream out;
  private final byte[] headerBlock;
  private final Thread reader;
  private int nextStream = 1;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong otherResets = new AtomicLong();
  private final AtomicLong answers = new AtomicLong();
  private final AtomicLong ended = new AtomicLong();
  private final AtomicInteger goAway = new AtomicInteger(-1);
  private volatile int goAwayLastStream = -1;
  private volatile Map<Integer, Long> serverSettings;
  private volatile boolean closedByServer;

  private RawHttp2(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.headerBlock = exportHeaders();
    this.reader = new Thread(this::read, "raw-http2-reader");
    reader.setDaemon(true);
  }

  /** Connects to an h2c (plaintext gRPC) server, sending the preface and SETTINGS with this receive window. */
  public static RawHttp2 connect(int port, int initialWindowSize) throws IOException {
    return start(new Socket("127.0.0.1", port), initialWindowSize);
  }

  /**
   * Connects to a gRPC server over TLS (ALPN {@code h2}, as grpc-java's server requires), trusting what
   * {@code tls} trusts, then as {@link #connect}.
   */
  public static RawHttp2 connectTls(int port, int initialWindowSize, SSLContext tls) throws IOException {
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {"h2"});
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return start(socket, initialWindowSize);
  }

  private static RawHttp2 start(Socket socket, int initialWindowSize) throws IOException {
    RawHttp2 c = new RawHttp2(socket);
    ByteArrayOutputStream hello = new ByteArrayOutputStream();
    hello.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    frame(hello, SETTINGS, 0, 0, new byte[] {0, SETTINGS_INITIAL_WINDOW_SIZE, (byte) (initialWindowSize >>> 24),
        (byte) (initialWindowSize >>> 16), (byte) (initialWindowSize >>> 8), (byte) initialWindowSize});
    c.write(hello.toByteArray());
    c.reader.start();
    return c;
  }

  /** Opens a TraceService/Export call with {@code request} as its whole message; returns its stream id. */
  public int export(byte[] request) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(request.length + 128);
    int stream = nextStream;
    nextStream += 2;
    frame(b, HEADERS, END_HEADERS, stream, headerBlock);
    byte[] message = new byte[5 + request.length]; // gRPC framing: not compressed, 4-byte length
    message[1] = (byte) (request.length >>> 24);
    message[2] = (byte) (request.length >>> 16);
    message[3] = (byte) (request.length >>> 8);
    message[4] = (byte) request.length;
    System.arraycopy(request, 0, message, 5, request.length);
    frame(b, DATA, END_STREAM, stream, message);
    write(b.toByteArray());
    return stream;
  }

  /**
   * Opens a TraceService/Export call and sends nothing more on it (no message, no end of stream): a call the server
   * must refuse when the connection already has its {@code SETTINGS_MAX_CONCURRENT_STREAMS}.
   */
  public int openOnly() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(128);
    int stream = nextStream;
    nextStream += 2;
    frame(b, HEADERS, END_HEADERS, stream, headerBlock);
    write(b.toByteArray());
    return stream;
  }

  /**
   * Opens and at once cancels up to {@code pairs} streams (HEADERS then RST_STREAM), 100 to a write, until the
   * server sends GOAWAY or closes the connection. Returns the pairs written.
   */
  public int rapidReset(int pairs) {
    int sent = 0;
    byte[] cancel = {0, 0, 0, CANCEL};
    while (sent < pairs && goAway.get() < 0 && !closedByServer) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int batch = Math.min(100, pairs - sent);
      for (int i = 0; i < batch; i++) {
        int stream = nextStream;
        nextStream += 2;
        frame(b, HEADERS, END_HEADERS, stream, headerBlock);
        frame(b, RST_STREAM, 0, stream, cancel);
      }
      try {
        write(b.toByteArray());
      } catch (IOException e) {
        break; // the server closed the connection
      }
      sent += batch;
    }
    return sent;
  }

  /** Sends a PING (a server's keepalive enforcement answers too many with GOAWAY ENHANCE_YOUR_CALM). */
  public void ping(long data) throws IOException {
    byte[] payload = new byte[8];
    for (int i = 0; i < 8; i++) {
      payload[i] = (byte) (data >>> (56 - 8 * i));
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream(17);
    frame(b, PING, 0, 0, payload);
    write(b.toByteArray());
  }

  /** Streams the server refused ({@code RST_STREAM REFUSED_STREAM}). */
  public long refusedStreams() {
    return refused.get();
  }

  /** Streams the server reset with another code. */
  public long otherResets() {
    return otherResets.get();
  }

  /** Calls the server ended (HEADERS with END_STREAM: trailers, or an answer without a message). */
  public long ended() {
    return ended.get();
  }

  /** HEADERS frames without END_STREAM the server sent: an answer's head (with a zero window, nothing after it can come). */
  public long answers() {
    return answers.get();
  }

  /** The error code of the server's GOAWAY, or -1 before one came. */
  public int goAwayCode() {
    return goAway.get();
  }

  /** The last stream the server says it processed, from its GOAWAY; -1 before one came. */
  public int goAwayLastStream() {
    return goAwayLastStream;
  }

  @Override
  public String toString() {
    return "answers " + answers + ", ended " + ended + ", refused " + refused + ", other resets " + otherResets + ", GOAWAY " + goAway
        + " (last stream " + goAwayLastStream + "), closed " + closedByServer;
  }

  /** Whether the server closed the connection (or reset it). */
  public boolean closedByServer() {
    return closedByServer;
  }

  private void read() {
    try {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      while (true) {
        int length = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        in.readInt(); // stream id
        byte[] payload = in.readNBytes(length);
        switch (type) {
          case SETTINGS -> {
            if ((flags & 0x1) == 0) {
              if (serverSettings == null) {
                serverSettings = settings(payload);
              }
              ByteArrayOutputStream ack = new ByteArrayOutputStream(9);
              frame(ack, SETTINGS, 0x1, 0, new byte[0]);
              write(ack.toByteArray());
            }
          }
          case RST_STREAM -> (code(payload, 0) == REFUSED_STREAM ? refused : otherResets).incrementAndGet();
          case HEADERS -> (((flags & END_STREAM) != 0) ? ended : answers).incrementAndGet();
          case GOAWAY -> {
            goAwayLastStream = code(payload, 0) & 0x7fffffff;
            goAway.compareAndSet(-1, code(payload, 4));
          }
          default -> { }
        }
      }
    } catch (IOException e) {
      closedByServer = true; // end of stream, a reset, or our own close
    }
  }

  /** The parameters of the server's first SETTINGS frame, by id; null before it came. */
  public Map<Integer, Long> serverSettings() {
    return serverSettings;
  }

  private static Map<Integer, Long> settings(byte[] payload) {
    Map<Integer, Long> settings = new HashMap<>();
    for (int i = 0; i + 6 <= payload.length; i += 6) {
      settings.put(((payload[i] & 0xff) << 8) | (payload[i + 1] & 0xff), code(payload, i + 2) & 0xffffffffL);
    }
    return settings;
  }

  private static int code(byte[] p, int at) {
    return ((p[at] & 0xff) << 24) | ((p[at + 1] & 0xff) << 16) | ((p[at + 2] & 0xff) << 8) | (p[at + 3] & 0xff);
  }

  private void write(byte[] bytes) throws IOException {
    synchronized (out) {
      out.write(bytes);
      out.flush();
    }
  }

  private static void frame(ByteArrayOutputStream b, int type, int flags, int stream, byte[] payload) {
    b.write(payload.length >>> 16);
    b.write(payload.length >>> 8);
    b.write(payload.length);
    b.write(type);
    b.write(flags);
    b.write(stream >>> 24);
    b.write(stream >>> 16);
    b.write(stream >>> 8);
    b.write(stream);
    b.writeBytes(payload);
  }

  /** The request head of a gRPC call in HPACK, every field a literal or a static-table entry (no dynamic table). */
  private static byte[] exportHeaders() {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    h.write(0x83); // :method POST
    h.write(0x86); // :scheme http
    literal(h, 0x04, TRACE_EXPORT); // :path, name from the static table
    literal(h, 0x01, "127.0.0.1"); // :authority
    h.write(0x0f); // content-type: static index 31, as 15 + 16
    literal(h, 0x10, "application/grpc");
    h.write(0x00); // te: a new name
    string(h, "te");
    string(h, "trailers");
    return h.toByteArray();
  }

  private static void literal(ByteArrayOutputStream h, int prefix, String value) {
    h.write(prefix);
    string(h, value);
  }

  private static void string(ByteArrayOutputStream h, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
    h.write(bytes.length); // no Huffman; every string here is under 127 bytes
    h.writeBytes(bytes);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
