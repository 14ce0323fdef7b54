package dev.relay.exporter.otlphttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** OTLP/HTTP's retry rules and the peer's Retry-After. */
class HttpFailuresTest {
  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  private static final URI URL = URI.create("http://otlp:4318/v1/traces");

  @Test
  void retryAfterIsSecondsOrAnHttpDateCappedAtAnHour() {
    assertThat(HttpFailures.retryAfter("120", NOW)).isEqualTo(Duration.ofSeconds(120));
    assertThat(HttpFailures.retryAfter(" 0 ", NOW)).isEqualTo(Duration.ZERO);
    assertThat(HttpFailures.retryAfter("Fri, 04 Dec 2026 10:00:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
    assertThat(HttpFailures.retryAfter("Fri, 04 Dec 2026 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    assertThat(HttpFailures.retryAfter("7200", NOW)).isEqualTo(Duration.ofHours(1));
    assertThat(HttpFailures.retryAfter("99999999999999999999", NOW)).isEqualTo(Duration.ofHours(1));
    assertThat(HttpFailures.retryAfter("soon", NOW)).isNull();
    assertThat(HttpFailures.retryAfter("-5", NOW)).isNull();
    assertThat(HttpFailures.retryAfter(null, NOW)).isNull();
  }

  @Test
  void onlyThrottlingAndGatewayStatusesAreRetried() {
    for (int status = 300; status < 600; status++) {
      boolean expected = status == 429 || status == 502 || status == 503 || status == 504;
      assertThat(HttpFailures.classify(URL, status, null, null, null, NOW).retryable()).as("HTTP %d", status)
          .isEqualTo(expected);
    }
    var throttled = HttpFailures.classify(URL, 429, "3", null, new byte[0], NOW);
    assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(throttled.getMessage()).isEqualTo("HTTP 429 from http://otlp:4318/v1/traces");
    assertThat(HttpFailures.classify(URL, 503, "Fri, 04 Dec 2026 10:00:02 GMT", null, null, NOW).retryAfter())
        .isEqualTo(Duration.ofSeconds(2));
    // Only the throttling statuses' Retry-After is honoured, as in the Collector.
    assertThat(HttpFailures.classify(URL, 502, "3", null, null, NOW).retryAfter()).isNull();
    assertThat(HttpFailures.classify(URL, 504, "3", null, null, NOW).retryAfter()).isNull();
    assertThat(HttpFailures.classify(URL, 400, "3", null, null, NOW).retryAfter()).isNull();
  }

  @Test
  void theMessageComesFromAStatusOrATextBody() {
    byte[] status = com.google.rpc.Status.newBuilder().setMessage("quota").build().toByteArray();
    assertThat(HttpFailures.detail("application/x-protobuf", status)).isEqualTo("quota");
    assertThat(HttpFailures.detail("application/json; charset=utf-8", "{\"message\":\"no\"}".getBytes()))
        .isEqualTo("{\"message\":\"no\"}");
    assertThat(HttpFailures.detail("text/html", ("<p>" + "x".repeat(300)).getBytes())).hasSize(257).endsWith("…");
    assertThat(HttpFailures.detail("application/octet-stream", new byte[] {1, 2})).isEmpty();
    assertThat(HttpFailures.detail("application/x-protobuf", new byte[] {(byte) 0xff})).isEmpty();
  }
}
