package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OTLP/HTTP on a raw socket: pipelined requests are answered in order; oversized heads get 431 and 414. */
class HttpPipeliningIT {
  private TempoStub tempo;
  private TestRelay relay;

  @BeforeEach
  void start() throws Exception {
    tempo = TempoStub.start();
    relay = TestRelay.start(new TestConfig().otlpHttpReceiver().otlpExporter("otlp", tempo)
        .pipeline("traces", List.of("otlp"), List.of("otlp")));
  }

  @AfterEach
  void stop() {
    relay.close();
    tempo.close();
  }

  private static byte[] request(String spanName, boolean close) {
    return request(TestTraces.request(TestTraces.spanWithIds(spanName)).toByteArray(), close);
  }

  private static byte[] request(byte[] body, boolean close) {
    byte[] head = ("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\nContent-Length: "
        + body.length + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head);
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** Reads responses until the server closes; returns their status lines. */
  private static List<String> statusLines(Socket s) throws Exception {
    s.setSoTimeout(10_000);
    InputStream in = s.getInputStream();
    String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    List<String> lines = new ArrayList<>();
    // A status line may follow a body without a line break: find each one wherever it starts.
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("HTTP/1\\.1 \\d{3} [^\r]*").matcher(all);
    while (m.find()) {
      lines.add(m.group());
    }
    return lines;
  }

  private int port() {
    return relay.httpPort("otlp");
  }

  @Test
  void threePipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port())) {
      OutputStream out = s.getOutputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.writeBytes(request("p1", false));
      all.writeBytes(request(new byte[] {(byte) 0xff}, false)); // malformed: 400, and the connection goes on
      all.writeBytes(request("p3", true));
      out.write(all.toByteArray()); // one write: the three arrive together
      out.flush();
      assertThat(statusLines(s)).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 400 Bad Request", "HTTP/1.1 200 OK");
    }
    Await.until(Duration.ofSeconds(10), "two spans at Tempo", () -> tempo.spanCount() == 2);
    assertThat(tempo.spans().stream().map(sp -> sp.getName()).toList())
        .containsExactlyInAnyOrder("p1", "p3"); // queued in order; the exporter's consumers send in parallel
  }

  @Test
  void oversizedHeadersAre431AndAnOversizedRequestLine414() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port())) {
      s.getOutputStream().write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nX-Big: " + "x".repeat(10_000)
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      assertThat(statusLines(s)).containsExactly("HTTP/1.1 431 Request Header Fields Too Large");
    }
    try (Socket s = new Socket("127.0.0.1", port())) {
      s.getOutputStream().write(("POST /v1/traces?" + "q".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(statusLines(s)).containsExactly("HTTP/1.1 414 Request-URI Too Long");
    }
    assertThat(relay.counter("relay.receiver.refused.requests")).isEqualTo(2);
  }
}
