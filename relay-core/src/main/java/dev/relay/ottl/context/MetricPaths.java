package dev.relay.ottl.context;

import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Converters;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.PathResolver;
import dev.relay.ottl.Setter;
import dev.relay.ottl.editor.Editors;
import java.util.Map;
import java.util.Set;

/**
 * Paths of the {@code metric} context ({@link MetricFields}, {@code resource.*}, {@code instrumentation_scope.*})
 * and, with {@link #DATAPOINT}, of the {@code datapoint} context ({@link DataPointFields}, plus {@code metric.*},
 * {@code resource.*} and {@code instrumentation_scope.*}). Written only where the walker hands the context builders
 * (the transform processor); a filter only reads.
 */
public final class MetricPaths implements PathResolver<MetricContext> {
  public static final MetricPaths METRIC = new MetricPaths(false);
  public static final MetricPaths DATAPOINT = new MetricPaths(true);
  private static final Map<String, Long> ENUMS = Map.ofEntries(
      Map.entry("METRIC_DATA_TYPE_NONE", 0L),
      Map.entry("METRIC_DATA_TYPE_GAUGE", 1L),
      Map.entry("METRIC_DATA_TYPE_SUM", 2L),
      Map.entry("METRIC_DATA_TYPE_HISTOGRAM", 3L),
      Map.entry("METRIC_DATA_TYPE_EXPONENTIAL_HISTOGRAM", 4L),
      Map.entry("METRIC_DATA_TYPE_SUMMARY", 5L),
      Map.entry("AGGREGATION_TEMPORALITY_UNSPECIFIED", 0L),
      Map.entry("AGGREGATION_TEMPORALITY_DELTA", 1L),
      Map.entry("AGGREGATION_TEMPORALITY_CUMULATIVE", 2L),
      Map.entry("FLAG_NONE", 0L),
      Map.entry("FLAG_NO_RECORDED_VALUE", 1L));

  private final boolean datapoint;

  private MetricPaths(boolean datapoint) {
    this.datapoint = datapoint;
  }

  public static Compiler<MetricContext> metricCompiler() {
    return new Compiler<>(CachePaths.with(METRIC, Set.of("metric"), ctx -> ctx.cache),
        Converters.standard(), Editors.standard().with(MetricEditors.metricContext()));
  }

  public static Compiler<MetricContext> datapointCompiler() {
    return new Compiler<>(CachePaths.with(DATAPOINT, Set.of("datapoint"), ctx -> ctx.cache),
        Converters.standard(), Editors.standard().with(MetricEditors.datapointContext()));
  }

  /** Where the context's own fields start: after an optional prefix naming it ({@code metric.}, {@code datapoint.}). */
  private int start(PathExpr path) throws OttlException {
    if (path.fields().size() > 1 && path.fields().get(0).name().equals(datapoint ? "datapoint" : "metric")) {
      PathChecks.noKeys(path, 0);
      return 1;
    }
    return 0;
  }

  @Override
  public Getter<MetricContext> resolve(PathExpr path, Compiler<MetricContext> c) throws OttlException {
    int i = start(path);
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
      return MetricFields.getter(path, i, c);
    }
    if (name.equals("metric")) {
      PathChecks.noKeys(path, i);
      PathChecks.expectMore(path, i, "metric.name");
      return MetricFields.getter(path, i + 1, c);
    }
    return DataPointFields.getter(path, i, c);
  }

  @Override
  public Setter<MetricContext> resolveSetter(PathExpr path, Compiler<MetricContext> c) throws OttlException {
    int i = start(path);
    String name = path.fields().get(i).name();
    if (name.equals("resource")) {
      PathChecks.noKeys(path, i);
      return ResourceFields.setter(path, i + 1, MetricContext::resourceBuilder, c);
    }
    if (name.equals("instrumentation_scope") || name.equals("scope")) {
      PathChecks.noKeys(path, i);
      return ScopeFields.setter(path, i + 1, MetricContext::scopeBuilder, c);
    }
    if (!datapoint) {
      return MetricFields.setter(path, i, c);
    }
    if (name.equals("metric")) {
      PathChecks.noKeys(path, i);
      PathChecks.expectMore(path, i, "metric.name");
      return MetricFields.setter(path, i + 1, c);
    }
    return DataPointFields.setter(path, i, c);
  }

  @Override
  public Map<String, Long> enums() {
    return ENUMS;
  }
}
