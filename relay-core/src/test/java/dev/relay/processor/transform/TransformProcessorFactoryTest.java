package dev.relay.processor.transform;

import static dev.relay.testing.ConfigFixture.faults;
import static org.assertj.core.api.Assertions.assertThat;

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
            + " function 'delete_kye' at column 1 (editors: delete_key, delete_matching_keys, keep_keys,"
            + " keep_matching_keys, limit, merge_maps, replace_all_patterns, replace_match, replace_pattern, set,"
            + " truncate_all)",
        "relay.yaml:12: processors.transform/redact.trace_statements[1].context: 'spans' is not a trace context"
            + " (resource, scope, span, spanevent)",
        "relay.yaml:14: processors.transform/redact.trace_statements[2]: invalid statement: cannot tell which"
            + " context this runs in: prefix its paths (span.attributes, resource.attributes, spanevent.name, ...)"
            + " or give the group a context",
        "relay.yaml:15: processors.transform/redact.trace_statements[3]: invalid statement: IsMatch: invalid"
            + " regular expression \"(?=a)\": invalid or unsupported Perl syntax: `(?=`");
  }
}
