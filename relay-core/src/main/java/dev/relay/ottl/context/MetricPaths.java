package dev.relay.ottl.context;

import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Converters;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.PathResolver;
import dev.relay.ottl.Setter;
import dev.relay.ottl.editor.Editors;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPointOrBuilder;
import io.opentelemetry.proto.metrics.v1.HistogramDataPointOrBuilder;
import io.opentelemetry.proto.metrics.v1.MetricOrBuilder;
import io.opentelemetry.proto.metrics.v1.NumberDataPointOrBuilder;
import io.opentelemetry.proto.metrics.v1.SummaryDataPointOrBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Paths of the {@code metric} context ({@code name}, {@code description}, {@code unit}, {@code type},
 * {@code aggregation_temporality}, {@code is_monotonic}, {@code resource.*}, {@code instrumentation_scope.*}) and,
 * with {@link #DATAPOINT}, of the {@code datapoint} context: the point's {@code attributes},
 * {@code start_time_unix_nano}, {@code time_unix_nano}, {@code value_double}, {@code value_int}, {@code count},
 * {@code sum}, {@code flags}, plus {@code metric.*}, {@code resource.*} and {@code instrumentation_scope.*}.
 * Metrics are only read here (filtered), never set.
 */
public final class MetricPaths implements PathResolver<MetricContext> {
  public static final MetricPaths METRIC = new MetricPaths(false);
  public static final MetricPaths DATAPOINT = new MetricPaths(true);
  static final String METRIC_FIELDS =
      "name, description, unit, type, aggregation_temporality, is_monotonic, resource.*, instrumentation_scope.*";
  static final String POINT_FIELDS = "attributes, start_time_unix_nano, time_unix_nano, value_double, value_int, "
      + "count, sum, flags, metric.*, resource.*, instrumentation_scope.*";
  private static final Map<String, Long> ENUMS = Map.of(
      "METRIC_DATA_TYPE_NONE", 0L,
      "METRIC_DATA_TYPE_GAUGE", 1L,
      "METRIC_DATA_TYPE_SUM", 2L,
      "METRIC_DATA_TYPE_HISTOGRAM", 3L,
      "METRIC_DATA_TYPE_EXPONENTIAL_HISTOGRAM", 4L,
      "METRIC_DATA_TYPE_SUMMARY", 5L,
      "AGGREGATION_TEMPORALITY_UNSPECIFIED", 0L,
      "AGGREGATION_TEMPORALITY_DELTA", 1L,
      "AGGREGATION_TEMPORALITY_CUMULATIVE", 2L);

  private final boolean datapoint;

  private MetricPaths(boolean datapoint) {
    this.datapoint = datapoint;
  }

  public static Compiler<MetricContext> metricCompiler() {
    return new Compiler<>(CachePaths.with(METRIC, Set.of("metric"), ctx -> ctx.cache),
        Converters.standard(), Editors.standard());
  }

  public static Compiler<MetricContext> datapointCompiler() {
    return new Compiler<>(CachePaths.with(DATAPOINT, Set.of("datapoint"), ctx -> ctx.cache),
        Converters.standard(), Editors.standard());
  }

  @Override
  public Getter<MetricContext> resolve(PathExpr path, Compiler<MetricContext> c) throws OttlException {
    int i = 0;
    String head = path.fields().get(0).name();
    // An optional prefix naming the context itself: metric.name in the metric context, datapoint.x in datapoint.
    if (path.fields().size() > 1 && head.equals(datapoint ? "datapoint" : "metric")) {
      PathChecks.noKeys(path, 0);
      i = 1;
    }
    String name = path.fields().get(i).name();
    if (name.equals("resource")) {
      PathChecks.noKeys(path, i);
      return ResourceFields.getter(path, i + 1, MetricContext::resource, c);
    }
    if (name.equals("instrumentation_scope") || name.equals("scope")) {
      PathChecks.noKeys(path, i);
      return ScopeFields.getter(path, i + 1, MetricContext::scope, c);
    }
    if (!datapoint) {
      return metricField(path, i);
    }
    if (name.equals("metric")) {
      PathChecks.noKeys(path, i);
      PathChecks.expectMore(path, i, "metric.name");
      return metricField(path, i + 1);
    }
    return pointField(path, i, c);
  }

  private static Getter<MetricContext> metricField(PathExpr path, int i) throws OttlException {
    PathChecks.last(path, i);
    return switch (path.fields().get(i).name()) {
      case "name" -> ctx -> ctx.metric().getName();
      case "description" -> ctx -> ctx.metric().getDescription();
      case "unit" -> ctx -> ctx.metric().getUnit();
      case "type" -> ctx -> (long) type(ctx.metric());
      case "aggregation_temporality" -> ctx -> (long) temporality(ctx.metric());
      case "is_monotonic" -> ctx -> ctx.metric().hasSum() && ctx.metric().getSum().getIsMonotonic();
      default -> throw PathChecks.unknown(path, METRIC_FIELDS);
    };
  }

  private static Getter<MetricContext> pointField(PathExpr path, int i, Compiler<MetricContext> c)
      throws OttlException {
    String name = path.fields().get(i).name();
    if (name.equals("attributes")) {
      return AttributeFields.getter(path, i, MetricPaths::attributes, c);
    }
    PathChecks.last(path, i);
    return switch (name) {
      case "start_time_unix_nano" -> ctx -> startTime(ctx.point());
      case "time_unix_nano" -> ctx -> time(ctx.point());
      case "value_double" -> ctx -> ctx.point() instanceof NumberDataPointOrBuilder n ? n.getAsDouble() : null;
      case "value_int" -> ctx -> ctx.point() instanceof NumberDataPointOrBuilder n ? n.getAsInt() : null;
      case "count" -> ctx -> count(ctx.point());
      case "sum" -> ctx -> sum(ctx.point());
      case "flags" -> ctx -> flags(ctx.point());
      default -> throw PathChecks.unknown(path, POINT_FIELDS);
    };
  }

  private static Long startTime(Object p) {
    if (p instanceof NumberDataPointOrBuilder n) {
      return n.getStartTimeUnixNano();
    }
    if (p instanceof HistogramDataPointOrBuilder h) {
      return h.getStartTimeUnixNano();
    }
    if (p instanceof ExponentialHistogramDataPointOrBuilder e) {
      return e.getStartTimeUnixNano();
    }
    return p instanceof SummaryDataPointOrBuilder s ? s.getStartTimeUnixNano() : null;
  }

  private static Long time(Object p) {
    if (p instanceof NumberDataPointOrBuilder n) {
      return n.getTimeUnixNano();
    }
    if (p instanceof HistogramDataPointOrBuilder h) {
      return h.getTimeUnixNano();
    }
    if (p instanceof ExponentialHistogramDataPointOrBuilder e) {
      return e.getTimeUnixNano();
    }
    return p instanceof SummaryDataPointOrBuilder s ? s.getTimeUnixNano() : null;
  }

  private static Long count(Object p) {
    if (p instanceof HistogramDataPointOrBuilder h) {
      return h.getCount();
    }
    if (p instanceof ExponentialHistogramDataPointOrBuilder e) {
      return e.getCount();
    }
    return p instanceof SummaryDataPointOrBuilder s ? s.getCount() : null;
  }

  private static Double sum(Object p) {
    if (p instanceof HistogramDataPointOrBuilder h) {
      return h.hasSum() ? h.getSum() : null;
    }
    if (p instanceof ExponentialHistogramDataPointOrBuilder e) {
      return e.hasSum() ? e.getSum() : null;
    }
    return p instanceof SummaryDataPointOrBuilder s ? s.getSum() : null;
  }

  private static Long flags(Object p) {
    if (p instanceof NumberDataPointOrBuilder n) {
      return (long) n.getFlags();
    }
    if (p instanceof HistogramDataPointOrBuilder h) {
      return (long) h.getFlags();
    }
    if (p instanceof ExponentialHistogramDataPointOrBuilder e) {
      return (long) e.getFlags();
    }
    return p instanceof SummaryDataPointOrBuilder s ? (long) s.getFlags() : null;
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

  static List<KeyValue> attributes(MetricContext ctx) {
    Object p = ctx.point();
    if (p instanceof NumberDataPointOrBuilder n) {
      return n.getAttributesList();
    }
    if (p instanceof HistogramDataPointOrBuilder h) {
      return h.getAttributesList();
    }
    if (p instanceof ExponentialHistogramDataPointOrBuilder e) {
      return e.getAttributesList();
    }
    if (p instanceof SummaryDataPointOrBuilder s) {
      return s.getAttributesList();
    }
    return List.of();
  }

  @Override
  public Setter<MetricContext> resolveSetter(PathExpr path, Compiler<MetricContext> c) throws OttlException {
    throw new OttlException("metrics are read-only in this relay: '" + path.dotted() + "' cannot be set");
  }

  @Override
  public Map<String, Long> enums() {
    return ENUMS;
  }
}
