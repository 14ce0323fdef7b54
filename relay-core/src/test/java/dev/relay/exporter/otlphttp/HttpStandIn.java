package dev.relay.exporter.otlphttp;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An OTLP/HTTP destination in the test JVM (the JDK's HTTP server): it records every request as it arrived and
 * answers with scripted responses, one per request, then 200 with an empty body.
 */
final class HttpStandIn implements AutoCloseable {
  /** A request as it arrived: path, headers (names lower case), the body on the wire and after any gunzip. */
  record Received(String path, Map<String, String> headers, byte[] wire, byte[] body) {}

  /** A scripted answer. */
  record Answer(int status, Map<String, String> headers, byte[] body) {
    static Answer of(int status) {
      return new Answer(status, Map.of(), new byte[0]);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();

  HttpStandIn() throws IOException {
    this(null);
  }

  /**
   * With {@code tls}, an HTTPS server with that context that requires a client certificate (the context's trust
   * decides which); without, plain HTTP.
   */
  HttpStandIn(SSLContext tls) throws IOException {
    if (tls == null) {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } else {
      HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters p = tls.getDefaultSSLParameters();
          p.setNeedClientAuth(true);
          params.setSSLParameters(p);
        }
      });
      server = https;
    }
    server.createContext("/", exchange -> {
      byte[] wire;
      try (InputStream in = exchange.getRequestBody()) {
        wire = in.readAllBytes();
      }
      Map<String, String> headers = new java.util.TreeMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
      byte[] body = "gzip".equals(headers.get("content-encoding")) ? gunzip(wire) : wire;
      received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(headers), wire, body));
      Answer answer = script.poll();
      if (answer == null) {
        answer = Answer.of(200);
      }
      answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    });
    server.start();
  }

  static byte[] gunzip(byte[] bytes) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next requests get these answers, one each, in order. */
  void answerNext(Answer... answers) {
    script.addAll(List.of(answers));
  }

  String url() {
    return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
