package dev.relay.processor;

import com.google.protobuf.MessageOrBuilder;
import dev.relay.ottl.Ast;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Parser;
import dev.relay.ottl.context.MetricContext;
import dev.relay.ottl.context.MetricPaths;
import dev.relay.ottl.context.ResourceContext;
import dev.relay.ottl.context.ResourcePaths;
import dev.relay.ottl.context.ScopeContext;
import dev.relay.ottl.context.ScopePaths;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/** The OTTL contexts of the metric signal, from the outermost in, each a {@link Walker} over a request's builder. */
public enum MetricWalker {
  RESOURCE,
  SCOPE,
  METRIC,
  DATAPOINT;

  /** Functions only the metric context has, and only the datapoint context has: they decide a group's context. */
  private static final Set<String> METRIC_ONLY = Set.of("convert_sum_to_gauge", "convert_gauge_to_sum",
      "copy_metric", "scale_metric", "extract_sum_metric", "extract_count_metric", "aggregate_on_attributes",
      "aggregate_on_attribute_value", "convert_summary_quantile_val_to_gauge", "extract_percentile_metric",
      "convert_exponential_histogram_to_histogram");
  private static final Set<String> DATAPOINT_ONLY = Set.of("convert_summary_count_val_to_sum",
      "convert_summary_sum_val_to_sum", "merge_histogram_buckets");

  public static MetricWalker fromConfig(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "resource" -> RESOURCE;
      case "scope", "instrumentation_scope" -> SCOPE;
      case "metric" -> METRIC;
      case "datapoint" -> DATAPOINT;
      default -> null;
    };
  }

  /**
   * The context of a statement or condition whose group names none, as the Collector infers it: the innermost its
   * paths name by prefix ({@code resource.}, {@code scope.}, {@code metric.}, {@code datapoint.}), or the one that
   * has a function it calls; null when neither tells.
   */
  public static MetricWalker infer(String text, boolean isCondition) throws OttlException {
    MetricWalker found = null;
    for (String head : TraceContextKind.pathHeads(text, isCondition)) {
      found = max(found, switch (head) {
        case "resource" -> RESOURCE;
        case "scope", "instrumentation_scope" -> SCOPE;
        case "metric" -> METRIC;
        case "datapoint" -> DATAPOINT;
        case "span", "spanevent", "log", "profile" -> throw new OttlException("'" + head + "' paths are not"
            + " available in metric_statements (its contexts are resource, scope, metric and datapoint)");
        case "exemplar" -> throw new OttlException("the exemplar context is not supported by Relay (its metric"
            + " contexts are resource, scope, metric and datapoint)");
        default -> null;
      });
    }
    Ast.Expr root;
    if (isCondition) {
      root = Parser.parseExpression(text);
    } else {
      Ast.Statement st = Parser.parseStatement(text);
      found = max(found, byFunction(st.editor()));
      root = st.where();
    }
    return root == null ? found : max(found, byFunction(root));
  }

  public static MetricWalker max(MetricWalker a, MetricWalker b) {
    return a == null || (b != null && b.ordinal() > a.ordinal()) ? b : a;
  }

  private static MetricWalker byFunction(Ast.Expr e) {
    MetricWalker found = null;
    if (e instanceof Ast.Call c) {
      found = METRIC_ONLY.contains(c.name()) ? METRIC : DATAPOINT_ONLY.contains(c.name()) ? DATAPOINT : null;
    }
    for (Ast.Expr child : Ast.children(e)) {
      found = max(found, byFunction(child));
    }
    return found;
  }

  public Walker<ExportMetricsServiceRequest.Builder, ?> walker() {
    return switch (this) {
      case RESOURCE -> new Walker<ExportMetricsServiceRequest.Builder, ResourceContext>() {
        @Override
        public Compiler<ResourceContext> compiler() {
          return ResourcePaths.compiler();
        }

        @Override
        public void each(ExportMetricsServiceRequest.Builder req, Consumer<ResourceContext> f) {
          ResourceContext ctx = new ResourceContext();
          for (ResourceMetrics.Builder rm : req.getResourceMetricsBuilderList()) {
            f.accept(ctx.set(rm.getResourceBuilder()));
          }
        }
      };
      case SCOPE -> new Walker<ExportMetricsServiceRequest.Builder, ScopeContext>() {
        @Override
        public Compiler<ScopeContext> compiler() {
          return ScopePaths.compiler();
        }

        @Override
        public void each(ExportMetricsServiceRequest.Builder req, Consumer<ScopeContext> f) {
          ScopeContext ctx = new ScopeContext();
          for (ResourceMetrics.Builder rm : req.getResourceMetricsBuilderList()) {
            for (ScopeMetrics.Builder sm : rm.getScopeMetricsBuilderList()) {
              f.accept(ctx.set(rm.getResourceBuilder(), sm.getScopeBuilder()));
            }
          }
        }
      };
      case METRIC -> new MetricsWalk(false);
      case DATAPOINT -> new MetricsWalk(true);
    };
  }

  /**
   * Every metric, or every data point, of a request. A metric a statement appends (copy_metric, extract_sum_metric,
   * ...) is walked too, as in the Collector; one appended while walking those is not, so that a statement that
   * copies every metric it sees ends.
   */
  private static final class MetricsWalk implements Walker<ExportMetricsServiceRequest.Builder, MetricContext> {
    private final boolean points;

    MetricsWalk(boolean points) {
      this.points = points;
    }

    @Override
    public Compiler<MetricContext> compiler() {
      return points ? MetricPaths.datapointCompiler() : MetricPaths.metricCompiler();
    }

    @Override
    public void each(ExportMetricsServiceRequest.Builder req, Consumer<MetricContext> f) {
      MetricContext ctx = new MetricContext();
      for (ResourceMetrics.Builder rm : req.getResourceMetricsBuilderList()) {
        for (ScopeMetrics.Builder sm : rm.getScopeMetricsBuilderList()) {
          int end = sm.getMetricsCount();
          boolean appendedToo = false;
          for (int m = 0; m < end; m++) {
            Metric.Builder metric = sm.getMetricsBuilder(m);
            if (points) {
              eachPoint(ctx, rm, sm, metric, f);
            } else {
              f.accept(ctx.set(rm.getResourceBuilder(), sm.getScopeBuilder(), sm, metric, null));
            }
            if (m == end - 1 && !appendedToo) {
              appendedToo = true;
              end = sm.getMetricsCount();
            }
          }
        }
      }
    }

    private static void eachPoint(MetricContext ctx, ResourceMetrics.Builder rm, ScopeMetrics.Builder sm,
        Metric.Builder metric, Consumer<MetricContext> f) {
      for (int i = 0; i < pointCount(metric); i++) {
        f.accept(ctx.set(rm.getResourceBuilder(), sm.getScopeBuilder(), sm, metric, point(metric, i)));
      }
    }

    private static int pointCount(Metric.Builder m) {
      return switch (m.getDataCase()) {
        case GAUGE -> m.getGaugeBuilder().getDataPointsCount();
        case SUM -> m.getSumBuilder().getDataPointsCount();
        case HISTOGRAM -> m.getHistogramBuilder().getDataPointsCount();
        case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogramBuilder().getDataPointsCount();
        case SUMMARY -> m.getSummaryBuilder().getDataPointsCount();
        case DATA_NOT_SET -> 0;
      };
    }

    private static MessageOrBuilder point(Metric.Builder m, int i) {
      return switch (m.getDataCase()) {
        case GAUGE -> m.getGaugeBuilder().getDataPointsBuilder(i);
        case SUM -> m.getSumBuilder().getDataPointsBuilder(i);
        case HISTOGRAM -> m.getHistogramBuilder().getDataPointsBuilder(i);
        case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogramBuilder().getDataPointsBuilder(i);
        case SUMMARY -> m.getSummaryBuilder().getDataPointsBuilder(i);
        case DATA_NOT_SET -> throw new IllegalStateException("a metric without data has no points");
      };
    }
  }
}
