package dev.relay.ottl.context;

import com.google.protobuf.MessageOrBuilder;
import io.opentelemetry.proto.common.v1.InstrumentationScopeOrBuilder;
import io.opentelemetry.proto.metrics.v1.MetricOrBuilder;
import io.opentelemetry.proto.resource.v1.ResourceOrBuilder;

/**
 * One metric (the {@code metric} context) or one of its data points (the {@code datapoint} context) being
 * evaluated, with its resource and scope; reused across items by the thread that walks. Read-only: metrics are
 * filtered, not transformed, in this relay.
 */
public final class MetricContext {
  final ScratchMap cache = new ScratchMap();
  private ResourceOrBuilder resource;
  private InstrumentationScopeOrBuilder scope;
  private MetricOrBuilder metric;
  private MessageOrBuilder point;

  public MetricContext set(ResourceOrBuilder resource, InstrumentationScopeOrBuilder scope, MetricOrBuilder metric,
      MessageOrBuilder point) {
    cache.clear();
    this.resource = resource;
    this.scope = scope;
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
}
