package dev.relay.processor.filter;

import static dev.relay.testing.ConfigFixture.faults;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code filter} processor's settings: every condition is compiled when the config is read. */
class FilterProcessorFactoryTest {
  @Test
  void faultsNameTheConditionAndColumn() {
    String yaml = """
        receivers:
          otlp: {protocols: {grpc: {}}}
        processors:
          filter:
            traces:
              span:
                - 'name == "health"'
                - 'attributes["x"] = 1'
              spanevnt: []
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [filter]
              exporters: [debug]
        """;
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:8: processors.filter.traces.span[1]: invalid condition: unexpected '=' at column 17 (did you"
            + " mean '=='?)",
        "relay.yaml:9: processors.filter.traces.spanevnt: unknown key 'spanevnt' (known keys here: span,"
            + " spanevent)");
  }
}
