package dev.relay.ottl.context;

import com.google.protobuf.MessageOrBuilder;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.InstrumentationScopeOrBuilder;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.MetricOrBuilder;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.resource.v1.ResourceOrBuilder;

/**
 * One metric (the {@code metric} context) or one of its data points (the {@code datapoint} context) being
 * evaluated, with its resource and scope; reused across items by the thread that walks. A filter deciding hands it
 * messages; a transform hands it builders, and the scope's metric list, to which functions such as
 * {@code copy_metric} append.
 */
public final class MetricContext {
  final ScratchMap cache = new ScratchMap();
  private ResourceOrBuilder resource;
  private InstrumentationScopeOrBuilder scope;
  private ScopeMetrics.Builder metrics;
  private MetricOrBuilder metric;
  private MessageOrBuilder point;

  /** A metric or point to read (a filter's conditions); nothing may be written. */
  public MetricContext set(ResourceOrBuilder resource, InstrumentationScopeOrBuilder scope, MetricOrBuilder metric,
      MessageOrBuilder point) {
    return set(resource, scope, null, metric, point);
  }

  /**
   * A metric or point to change (a transform's statements): {@code point} is the builder of a
   * NumberDataPoint, HistogramDataPoint, ExponentialHistogramDataPoint or SummaryDataPoint, or null for a metric.
   */
  public MetricContext set(Resource.Builder resource, InstrumentationScope.Builder scope, ScopeMetrics.Builder metrics,
      Metric.Builder metric, MessageOrBuilder point) {
    return set((ResourceOrBuilder) resource, scope, metrics, metric, point);
  }

  private MetricContext set(ResourceOrBuilder resource, InstrumentationScopeOrBuilder scope,
      ScopeMetrics.Builder metrics, MetricOrBuilder metric, MessageOrBuilder point) {
    cache.clear();
    this.resource = resource;
    this.scope = scope;
    this.metrics = metrics;
    this.metric = metric;
    this.point = point;
    return this;
  }

  public ResourceOrBuilder resource() {
    return resource;
  }

  public InstrumentationScopeOrBuilder scope() {
    return scope;
  }

  public MetricOrBuilder metric() {
    return metric;
  }

  /** A NumberDataPoint, HistogramDataPoint, ExponentialHistogramDataPoint or SummaryDataPoint; null for a metric. */
  public MessageOrBuilder point() {
    return point;
  }

  Resource.Builder resourceBuilder() {
    return (Resource.Builder) resource;
  }

  InstrumentationScope.Builder scopeBuilder() {
    return (InstrumentationScope.Builder) scope;
  }

  Metric.Builder metricBuilder() {
    return (Metric.Builder) metric;
  }

  /** The metrics of the scope being walked, where new metrics are appended. */
  ScopeMetrics.Builder scopeMetrics() {
    return metrics;
  }
}
