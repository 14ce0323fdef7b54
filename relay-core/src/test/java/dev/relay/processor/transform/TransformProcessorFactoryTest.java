package dev.relay.processor.transform;

import static dev.relay.testing.ConfigFixture.faults;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.ConfigFixture;
import org.junit.jupiter.api.Test;

/** The {@code transform} processor's settings: every statement is compiled when the config is read. */
class TransformProcessorFactoryTest {
  @Test
  void faultsNameTheStatementAndColumn() {
    String yaml = """
        receivers:
          otlp: {protocols: {grpc: {}}}
        processors:
          transform/redact:
            error_mode: loud
            trace_statements:
              - context: span
                statements:
                  - delete_key(attributes, "authorization")
                  - set(attributes["x"], 1)
                  - delete_kye(attributes, "password")
              - context: spans
                statements: ['set(name, "x")']
              - set(attributes["y"], 2)
              - 'set(span.attributes["z"], IsMatch(span.name, "(?=a)"))'
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [transform/redact]
              exporters: [debug]
        """;
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:5: processors.transform/redact.error_mode: 'loud' is not one of ignore, silent, propagate",
        "relay.yaml:11: processors.transform/redact.trace_statements[0].statements[2]: invalid statement: unknown"
            + " function 'delete_kye' at column 1; did you mean 'delete_key'?",
        "relay.yaml:12: processors.transform/redact.trace_statements[1].context: 'spans' is not a trace context"
            + " (resource, scope, span, spanevent)",
        "relay.yaml:14: processors.transform/redact.trace_statements[2]: invalid statement: cannot tell which"
            + " context this runs in: prefix its paths (span.attributes, resource.attributes, spanevent.name, ...)"
            + " or give the group a context",
        "relay.yaml:15: processors.transform/redact.trace_statements[3]: invalid statement: IsMatch: invalid"
            + " regular expression \"(?=a)\": invalid or unsupported Perl syntax: `(?=`");
  }

  @Test
  void anUnknownFunctionIsReportedAsSuchNotAsAContextThatCannotBeTold() {
    String yaml = """
        receivers:
          otlp:
            protocols: {grpc: {endpoint: "127.0.0.1:0"}}
        processors:
          transform:
            trace_statements:
              - set(attributes["q"], Frobnicate(1))
              - set(attributes["q"], ProfileID("curl/8.0"))
              - 'set(attributes["x"], 1) where IsMach(name, "a")'
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [transform]
              exporters: [debug]
        """;
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:7: processors.transform.trace_statements[0]: invalid statement: unknown function 'Frobnicate'"
            + " at column 22",
        "relay.yaml:8: processors.transform.trace_statements[1]: invalid statement: function 'ProfileID' at column"
            + " 22 is not supported by Relay: Relay has no profiles signal",
        "relay.yaml:9: processors.transform.trace_statements[2]: invalid statement: unknown function 'IsMach' at"
            + " column 31; did you mean 'IsMatch'?");
  }

  @Test
  void lambdaParametersAreNotPathsForContextInference() throws Exception {
    String yaml = """
        receivers:
          otlp:
            protocols: {grpc: {endpoint: "127.0.0.1:0"}}
        processors:
          transform:
            trace_statements:
              - 'set(span.attributes["prod"], Any(span.attributes["tags"], (_, v) => v == "prod"))'
              - 'set_semconv_span_name("1.43.0")'
            log_statements:
              - 'set(log.attributes["kept"], Filter(log.attributes, (k, _) => HasPrefix(k, "http.")))'
        exporters:
          debug:
        service:
          pipelines:
            traces: {receivers: [otlp], processors: [transform], exporters: [debug]}
            logs: {receivers: [otlp], processors: [transform], exporters: [debug]}
        """;
    TransformConfig config = ConfigFixture.processor(ConfigFixture.parse(yaml), "transform");
    assertThat(config).isNotNull();
  }
}
