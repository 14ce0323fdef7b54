package dev.relay.exporter.nop;

import static dev.relay.testing.ConfigFixture.faults;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.Sdk;
import dev.relay.testing.TestRelay;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Collector's {@code nop} exporter: no keys, and what it is given is accepted and goes nowhere. */
class NopExporterIT {
  private static final String YAML = """
      receivers:
        otlp:
          protocols:
            grpc:
              endpoint: 127.0.0.1:0
      exporters:
        nop:
      service:
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [nop]
      """;

  @Test
  void acceptsSpansAndDropsThem() throws Exception {
    try (TestRelay relay = TestRelay.start(YAML); Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
      for (int i = 0; i < 3; i++) {
        sdk.tracer().spanBuilder("s" + i).startSpan().end();
      }
      sdk.flush();
      Await.until(Duration.ofSeconds(10), "3 spans accepted",
          () -> relay.counter("relay.receiver.accepted.spans") == 3);
      assertThat(relay.counter("relay.receiver.refused.spans")).isZero();
    }
  }

  @Test
  void takesNoKeys() {
    assertThat(faults(YAML.replace("  nop:\n", "  nop:\n    endpoint: x\n"))).containsExactly(
        "relay.yaml:8: exporters.nop.endpoint: unknown key 'endpoint'");
  }
}
