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

  @Test
  void conditionListsSayWhenTheContextCannotBeTold() {
    String yaml = """
        receivers:
          otlp: {protocols: {grpc: {}}}
        processors:
          filter:
            trace_conditions:
              - 'name == "health"'
              - 'span.nme == "x"'
              - context: spans
                conditions: ['name == "x"']
            log_conditions:
              - 'log.body == "x" and resource.attributes["a"] == nil'
              - context: log
                conditions: ['severity_number < SEVERITY_NUMBER_WARN']
            metric_conditions:
              - 'metric.name == "m" or datapoint.attributes["k"] == nil'
              - 'scope.name == "s"'
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
        "relay.yaml:6: processors.filter.trace_conditions[0]: invalid condition: cannot tell which context this"
            + " runs in: prefix its paths (resource.…, scope.…, span.…, spanevent.…) or put it in a group with a"
            + " context",
        "relay.yaml:8: processors.filter.trace_conditions[2].context: 'spans' is not one of resource, scope, span,"
            + " spanevent",
        "relay.yaml:7: processors.filter.trace_conditions[1]: invalid condition: unknown path 'span.nme' at column 1"
            + " (known: name, kind, trace_id, span_id, parent_span_id, trace_state, trace_state[\"k\"], status.code,"
            + " status.message, start_time_unix_nano, end_time_unix_nano, start_time, end_time, attributes,"
            + " dropped_attributes_count, dropped_events_count, dropped_links_count)");
  }
}
