package dev.relay.ottl.context;

import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.MetricOrBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code aggregate_on_attributes(function, Optional[attributes])} and
 * {@code aggregate_on_attribute_value(function, attribute, values, newValue)} of the metric context: rewrite the
 * points' attributes, then merge the points that share them (see {@link PointMerger}).
 */
final class Aggregations {
  static final List<String> FUNCTIONS = List.of("sum", "max", "min", "mean", "median", "count");

  private Aggregations() {}

  static MetricEditor onAttributes() {
    return new MetricEditor("aggregate_on_attributes", List.of("aggregation_function", "attributes"), 1, args -> {
      String function = function(args.literalString(0, "the aggregation function"));
      List<String> keep = args.has(1) ? args.literalStrings(1, "the attributes") : null;
      Set<String> kept = keep == null ? null : Set.copyOf(keep);
      return ctx -> {
        Metric.Builder m = ctx.metricBuilder();
        if (m.hasSummary()) {
          throw new OttlRuntimeException("aggregate_on_attributes does not support aggregating Summary metrics");
        }
        UnaryOperator<List<KeyValue>> rewrite = kept == null ? attrs -> attrs
            : attrs -> attrs.stream().filter(kv -> kept.contains(kv.getKey())).toList();
        PointMerger.merge(m, function, rewrite);
      };
    });
  }

  static MetricEditor onAttributeValue() {
    return new MetricEditor("aggregate_on_attribute_value",
        List.of("aggregation_function", "attribute", "values", "new_value"), 4, args -> {
          String function = function(args.literalString(0, "the aggregation function"));
          String attribute = args.literalString(1, "the attribute");
          Set<String> values = Set.copyOf(args.literalStrings(2, "the values"));
          AnyValue newValue = AnyValue.newBuilder().setStringValue(args.literalString(3, "the new value")).build();
          return ctx -> {
            Metric.Builder m = ctx.metricBuilder();
            if (m.hasSummary()) {
              // The Collector would empty a summary here (it groups no summary points); Relay refuses instead.
              throw new OttlRuntimeException(
                  "aggregate_on_attribute_value does not support aggregating Summary metrics");
            }
            PointMerger.merge(m, function, attrs -> renamed(attrs, attribute, values, newValue));
          };
        });
  }

  private static List<KeyValue> renamed(List<KeyValue> attrs, String key, Set<String> values, AnyValue newValue) {
    List<KeyValue> out = new ArrayList<>(attrs.size());
    for (KeyValue kv : attrs) {
      boolean match = kv.getKey().equals(key) && kv.getValue().hasStringValue()
          && values.contains(kv.getValue().getStringValue());
      out.add(match ? kv.toBuilder().setValue(newValue).build() : kv);
    }
    return out;
  }

  private static String function(String name) throws OttlException {
    if (!FUNCTIONS.contains(name)) {
      throw new OttlException("invalid aggregation function: '" + name + "', valid options: "
          + String.join(", ", FUNCTIONS));
    }
    return name;
  }

  static boolean isDelta(MetricOrBuilder m) {
    return MetricFields.temporality(m) == 1;
  }
}
