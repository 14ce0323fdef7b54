package dev.relay.ottl.context;

import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.ottl.Setter;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.MetricOrBuilder;

/**
 * The fields of a metric, as the Collector's ottlmetric: {@code name}, {@code description}, {@code unit},
 * {@code type}, {@code aggregation_temporality}, {@code is_monotonic} and {@code metadata}; {@code i} is the index of
 * the field in the path.
 */
final class MetricFields {
  static final String METRIC_FIELDS = "name, description, unit, type, aggregation_temporality, is_monotonic, "
      + "metadata, resource.*, instrumentation_scope.*";

  private MetricFields() {}

  static Getter<MetricContext> getter(PathExpr path, int i, Compiler<MetricContext> c) throws OttlException {
    String name = path.fields().get(i).name();
    if (name.equals("metadata")) {
      return AttributeFields.getter(path, i, ctx -> ctx.metric().getMetadataList(), c);
    }
    PathChecks.last(path, i);
    return switch (name) {
      case "name" -> ctx -> ctx.metric().getName();
      case "description" -> ctx -> ctx.metric().getDescription();
      case "unit" -> ctx -> ctx.metric().getUnit();
      case "type" -> ctx -> (long) type(ctx.metric());
      case "aggregation_temporality" -> ctx -> (long) temporality(ctx.metric());
      case "is_monotonic" -> ctx -> ctx.metric().hasSum() && ctx.metric().getSum().getIsMonotonic();
      default -> throw PathChecks.unknown(path, METRIC_FIELDS);
    };
  }

  static Setter<MetricContext> setter(PathExpr path, int i, Compiler<MetricContext> c) throws OttlException {
    String name = path.fields().get(i).name();
    if (name.equals("metadata")) {
      return AttributeFields.setter(path, i, new AttributeWriter<>(MetricContext::metricBuilder,
          Metric.Builder::getMetadataCount, Metric.Builder::getMetadata, Metric.Builder::getMetadataList,
          Metric.Builder::setMetadata, Metric.Builder::addMetadata,
          (b, list) -> b.clearMetadata().addAllMetadata(list)), c);
    }
    PathChecks.last(path, i);
    return switch (name) {
      case "name" -> (ctx, v) -> ctx.metricBuilder().setName(FieldValues.string(path, v));
      case "description" -> (ctx, v) -> ctx.metricBuilder().setDescription(FieldValues.string(path, v));
      case "unit" -> (ctx, v) -> ctx.metricBuilder().setUnit(FieldValues.string(path, v));
      case "aggregation_temporality" -> (ctx, v) -> setTemporality(ctx.metricBuilder(), path, v);
      case "is_monotonic" -> (ctx, v) -> {
        if (!(v instanceof Boolean b)) {
          throw new OttlRuntimeException(path.dotted() + " must be set to a bool, not " + FieldValues.typeName(v));
        }
        if (ctx.metricBuilder().hasSum()) {
          ctx.metricBuilder().getSumBuilder().setIsMonotonic(b);
        }
      };
      case "type" -> throw new OttlException("'" + path.dotted() + "' cannot be set: change a metric's type with"
          + " convert_sum_to_gauge or convert_gauge_to_sum (column " + (path.pos() + 1) + ")");
      default -> throw PathChecks.unknown(path, METRIC_FIELDS);
    };
  }

  /** As the Collector: on a sum, histogram or exponential histogram; no change on other types. */
  private static void setTemporality(Metric.Builder m, PathExpr path, Object v) {
    long t = FieldValues.integer(path, v);
    AggregationTemporality value = AggregationTemporality.forNumber((int) t);
    if (value == null) {
      throw new OttlRuntimeException(path.dotted() + ": " + t + " is not an aggregation temporality");
    }
    switch (m.getDataCase()) {
      case SUM -> m.getSumBuilder().setAggregationTemporality(value);
      case HISTOGRAM -> m.getHistogramBuilder().setAggregationTemporality(value);
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogramBuilder().setAggregationTemporality(value);
      default -> { }
    }
  }

  static int type(MetricOrBuilder m) {
    return switch (m.getDataCase()) {
      case GAUGE -> 1;
      case SUM -> 2;
      case HISTOGRAM -> 3;
      case EXPONENTIAL_HISTOGRAM -> 4;
      case SUMMARY -> 5;
      case DATA_NOT_SET -> 0;
    };
  }

  static int temporality(MetricOrBuilder m) {
    return switch (m.getDataCase()) {
      case SUM -> m.getSum().getAggregationTemporalityValue();
      case HISTOGRAM -> m.getHistogram().getAggregationTemporalityValue();
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getAggregationTemporalityValue();
      default -> 0;
    };
  }
}
