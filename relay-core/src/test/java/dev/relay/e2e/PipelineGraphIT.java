package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several pipelines sharing a receiver and an exporter; a stuck exporter blocks nobody else. */
class PipelineGraphIT {
  @Test
  void sharedComponentsAndAStuckExporterThatBlocksNoOne() throws Exception {
    try (TempoStub stuck = TempoStub.start(); TempoStub healthy = TempoStub.start();
        TempoStub shared = TempoStub.start()) {
      stuck.hold();
      try (TestRelay relay = TestRelay.start(new TestConfig()
              .otlpReceiver()
              .otlpExporter("otlp/stuck", stuck, "timeout: 30s")
              .otlpExporter("otlp/healthy", healthy)
              .otlpExporter("otlp/shared", shared)
              .pipeline("traces/a", List.of("otlp"), List.of("otlp/stuck", "otlp/shared"))
              .pipeline("traces/b", List.of("otlp"), List.of("otlp/healthy", "otlp/shared")));
          Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
        assertThat(relay.graph().describe()).contains(
            "pipeline traces/a: [otlp] -> [] -> [otlp/stuck, otlp/shared]",
            "pipeline traces/b: [otlp] -> [] -> [otlp/healthy, otlp/shared]");
        for (int round = 0; round < 5; round++) {
          for (int i = 0; i < 100; i++) {
            sdk.tracer().spanBuilder("r" + round + "-" + i).startSpan().end();
          }
          sdk.flush(); // fails the test if the receiver refused or stalled
        }
        Await.until(Duration.ofSeconds(20), "the healthy exporter to get all 500",
            () -> healthy.spanCount() == 500);
        // The shared exporter is fed by both pipelines, so it sees each span twice.
        Await.until(Duration.ofSeconds(20), "the shared exporter to get 1000", () -> shared.spanCount() == 1000);
        assertThat(stuck.spanCount()).isZero();
        assertThat(relay.counter("relay.receiver.accepted.spans")).isEqualTo(500);

        stuck.release();
        Await.until(Duration.ofSeconds(30), "the stuck exporter to catch up", () -> stuck.spanCount() == 500);
        assertThat(stuck.spans()).extracting(s -> s.getName()).doesNotHaveDuplicates();
      }
    }
  }
}
