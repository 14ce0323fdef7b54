package dev.relay.processor.transform;

import static dev.relay.testing.ConfigFixture.faults;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code metric_statements} that cannot run are refused when the config is read, each naming why. */
class MetricStatementFaultsTest {
  @Test
  void faultsNameTheStatementAndWhy() {
    String yaml = """
        receivers:
          otlp: {protocols: {grpc: {endpoint: "127.0.0.1:0"}}}
        processors:
          transform:
            metric_statements:
              - context: metrics
                statements: ['set(name, "x")']
              - convert_sum_to_gauge() where datapoint.attributes["x"] == "y"
              - set(metric.type, 1)
              - convert_exponential_histogram_to_histogram("linear", [1.0]) where metric.name == "h"
              - convert_gauge_to_sum("sometimes", true) where metric.name == "g"
              - aggregate_on_attributes("avg") where metric.name == "g"
              - set(attributes["x"], 1)
              - set(metric.data_points, 1)
              - set(span.name, "x")
              - set(exemplar.value_double, 1.0)
        exporters:
          debug:
        service:
          pipelines:
            metrics:
              receivers: [otlp]
              processors: [transform]
              exporters: [debug]
        """;
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:6: processors.transform.metric_statements[0].context: 'metrics' is not a metric context"
            + " (resource, scope, metric, datapoint)",
        "relay.yaml:8: processors.transform.metric_statements[1]: invalid statement: function"
            + " 'convert_sum_to_gauge' at column 1 is not available in this context: only the metric context has it",
        "relay.yaml:9: processors.transform.metric_statements[2]: invalid statement: 'metric.type' cannot be set:"
            + " change a metric's type with convert_sum_to_gauge or convert_gauge_to_sum (column 5)",
        "relay.yaml:10: processors.transform.metric_statements[3]: invalid statement:"
            + " convert_exponential_histogram_to_histogram: invalid distribution \"linear\"",
        "relay.yaml:11: processors.transform.metric_statements[4]: invalid statement: convert_gauge_to_sum: unknown"
            + " aggregation temporality: sometimes",
        "relay.yaml:12: processors.transform.metric_statements[5]: invalid statement: invalid aggregation function:"
            + " 'avg', valid options: sum, max, min, mean, median, count",
        "relay.yaml:13: processors.transform.metric_statements[6]: invalid statement: cannot tell which context"
            + " this runs in: prefix its paths (metric.name, datapoint.attributes, resource.attributes, ...) or give"
            + " the group a context",
        "relay.yaml:14: processors.transform.metric_statements[7]: invalid statement: path 'metric.data_points' at"
            + " column 5 is not supported by Relay (the Collector has it; see docs/ottl.md for Relay's paths)",
        "relay.yaml:15: processors.transform.metric_statements[8]: invalid statement: 'span' paths are not"
            + " available in metric_statements (its contexts are resource, scope, metric and datapoint)",
        "relay.yaml:16: processors.transform.metric_statements[9]: invalid statement: the exemplar context is not"
            + " supported by Relay (its metric contexts are resource, scope, metric and datapoint)");
  }

  @Test
  void exponentialHistogramConversionArgumentsAreCheckedAsTheCollectorChecksThem() {
    // contrib pkg/expohisto/conversion/exponential_test.go TestToExplicitValidation (empty, unordered bounds) and
    // the Collector's []float64 argument, which takes float literals only
    String yaml = """
        receivers:
          otlp: {protocols: {grpc: {endpoint: "127.0.0.1:0"}}}
        processors:
          transform:
            metric_statements:
              - convert_exponential_histogram_to_histogram("upper", [])
              - convert_exponential_histogram_to_histogram("midpoint", [1.0, 2.0, 2.0])
              - convert_exponential_histogram_to_histogram("uniform", [1, 2])
              - convert_exponential_histogram_to_histogram(["upper"], [1.0])
              - convert_exponential_histogram_to_histogram("upper")
              - context: datapoint
                statements: ['convert_exponential_histogram_to_histogram("upper", [1.0])']
        exporters:
          debug:
        service:
          pipelines:
            metrics:
              receivers: [otlp]
              processors: [transform]
              exporters: [debug]
        """;
    String at = "processors.transform.metric_statements";
    String fn = "invalid statement: convert_exponential_histogram_to_histogram: ";
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:6: " + at + "[0]: " + fn + "explicit bounds cannot be empty",
        "relay.yaml:7: " + at + "[1]: " + fn + "explicit bounds are not strictly increasing at index 2: 2 <= 2",
        "relay.yaml:8: " + at + "[2]: " + fn + "the explicit bounds must be a list of float literals: item 0 must be"
            + " a float (column 55)",
        "relay.yaml:9: " + at + "[3]: " + fn + "the distribution must be a string literal (column 44)",
        "relay.yaml:10: " + at + "[4]: invalid statement: convert_exponential_histogram_to_histogram needs its"
            + " 'explicit_bounds' argument (column 1)",
        "relay.yaml:12: " + at + "[5].statements[0]: invalid statement: function"
            + " 'convert_exponential_histogram_to_histogram' at column 1 is not available in this context: only the"
            + " metric context has it");
  }
}
