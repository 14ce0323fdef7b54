package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.GoodClient;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestTraces;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The well-behaved client of the hostile-client process tests and what they assert at the end: its 100 exports of
 * 10 spans each ({@code good-<n>-<i>}) over gRPC, retried on {@code UNAVAILABLE} as OTLP exporters do, every span
 * at Tempo exactly once, the relay alive with its heap under its limit.
 */
final class GoodTraffic implements AutoCloseable {
  static final int REQUESTS = 100;
  static final int SPANS_PER_REQUEST = 10;

  private final OtlpRelayProcess relay;
  private final TempoStub tempo;
  private final GoodClient client;

  GoodTraffic(OtlpRelayProcess relay, TempoStub tempo) {
    this.relay = relay;
    this.tempo = tempo;
    this.client = new GoodClient(relay.grpcPort(), 200, 50);
  }

  GoodClient client() {
    return client;
  }

  /**
   * The client's run: its first export here, so that it is connected (an app's exporter already is) before the
   * attack starts, the rest in the background.
   */
  CompletableFuture<Void> runs() throws InterruptedException {
    export(0);
    return CompletableFuture.runAsync(() -> {
      for (int n = 1; n < REQUESTS; n++) {
        try {
          export(n);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    });
  }

  private void export(int n) throws InterruptedException {
    client.export(TestTraces.request(TestTraces.spans("good-" + n + "-", SPANS_PER_REQUEST)).toByteArray(),
        SPANS_PER_REQUEST);
  }

  /** The relay alive, its heap under its limit, every good span at Tempo, exactly once. */
  void assertSurvivedAndDelivered() {
    assertThat(relay.alive()).as("alive; output:\n" + relay.output()).isTrue();
    double heapMax = relay.heapMax();
    assertThat(heapMax).isBetween(32.0 * 1024 * 1024, 64.0 * 1024 * 1024);
    assertThat(relay.heapUsed()).isLessThan(heapMax);
    Await.until(Duration.ofSeconds(30), "every good span at Tempo", () -> tempo.spans().stream()
        .filter(s -> s.getName().startsWith("good-")).count() == REQUESTS * SPANS_PER_REQUEST);
    assertThat(tempo.spans().stream().filter(s -> s.getName().startsWith("good-")).map(Span::getName).distinct()
        .count()).isEqualTo(REQUESTS * SPANS_PER_REQUEST);
    assertThat(relay.output()).doesNotContain("OutOfMemoryError");
    assertThat(relay.healthz()).isEqualTo(200);
  }

  @Override
  public void close() throws InterruptedException {
    client.close();
  }
}
