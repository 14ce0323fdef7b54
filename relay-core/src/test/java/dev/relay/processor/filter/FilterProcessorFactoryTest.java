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
            + " dropped_attributes_count, dropped_events_count, dropped_links_count, flags)");
  }

  @Test
  void theOlderMatchConfigIsCheckedAsTheCollectorChecksIt() {
    String yaml = """
        receivers:
          otlp: {protocols: {grpc: {}}}
        processors:
          filter:
            spans:
              include:
                services: [a]
              exclude:
                match_type: regexp
                span_names: ["("]
                log_bodies: [x]
            logs:
              include:
                match_type: fuzzy
                bodies: [x]
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
        "relay.yaml:6: processors.filter.spans.include: 'match_type' is required: strict or regexp",
        "relay.yaml:10: processors.filter.spans.exclude.span_names[0]: invalid regular expression \"(\": missing"
            + " closing ): `(`",
        "relay.yaml:11: processors.filter.spans.exclude.log_bodies: unknown key 'log_bodies' (known keys here:"
            + " attributes, libraries, match_type, regexp, resources, services, span_kinds, span_names)",
        "relay.yaml:14: processors.filter.logs.include.match_type: 'fuzzy' is not one of strict, regexp");
  }

  @Test
  void theOlderLogMatchConfigReadsTheCollectorsKeysAndChecksThem() {
    String yaml = """
        receivers:
          otlp: {protocols: {grpc: {}}}
        processors:
          filter/old_names:
            logs:
              include:
                match_type: strict
                log_bodies: [x]
          filter/text_without_type:
            logs:
              exclude:
                severity_texts: [INFO]
          filter/bad_severity:
            logs:
              include:
                severity_number: {min: LOUD}
          filter/with_conditions:
            logs:
              log_record: ['body == "x"']
              include:
                record_attributes: [{key: a}]
          filter/inferred:
            log_conditions: ['log.body == "x"']
            logs:
              exclude:
                resource_attributes: [{key: a, value: 1}]
          filter/regexp_number:
            logs:
              include:
                match_type: regexp
                record_attributes: [{key: a, value: 1}]
          filter/empty:
            logs:
              include:
                match_type: strict
        exporters:
          debug:
        service:
          pipelines:
            logs:
              receivers: [otlp]
              processors: [filter/old_names, filter/text_without_type, filter/bad_severity, filter/with_conditions,
                filter/inferred, filter/regexp_number, filter/empty]
              exporters: [debug]
        """;
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:8: processors.filter/old_names.logs.include.log_bodies: unknown key 'log_bodies' (known keys"
            + " here: bodies, match_type, record_attributes, resource_attributes, severity_number, severity_texts)",
        "relay.yaml:11: processors.filter/text_without_type.logs.exclude: 'match_type' is required with bodies or"
            + " severity_texts: strict or regexp",
        "relay.yaml:16: processors.filter/bad_severity.logs.include.severity_number.min: 'LOUD' is not a valid"
            + " severity",
        "relay.yaml:20: processors.filter/with_conditions.logs.include: cannot use \"logs.log_record\" and the"
            + " settings \"logs.include\", \"logs.exclude\" at the same time",
        "relay.yaml:25: processors.filter/inferred.logs.exclude: cannot use context inferred log conditions"
            + " \"log_conditions\" and the settings \"logs.log_record\", \"logs.include\", \"logs.exclude\" at the"
            + " same time",
        "relay.yaml:31: processors.filter/regexp_number.logs.include.record_attributes[0].value: with match_type"
            + " regexp, the value for 'a' must be a string");
  }
}
