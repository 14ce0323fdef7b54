package dev.relay.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.relay.component.Signal;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/**
 * An immutable batch of metric data points as one {@code ExportMetricsServiceRequest}: the bytes a client sent (validated, not decoded) or a
 * request built in the relay, like {@link TracesBatch}.
 */
public final class MetricsBatch extends Batch {
  private final ExportMetricsServiceRequest request;
  private final int count;
  private volatile byte[] bytes;

  private MetricsBatch(ExportMetricsServiceRequest request, byte[] bytes, int count) {
    this.request = request;
    this.bytes = bytes;
    this.count = count;
  }

  /**
   * Takes bytes a client sent, after checking (without decoding) that they are a well-formed request.
   *
   * @throws InvalidProtocolBufferException when the parser would reject them
   */
  public static MetricsBatch fromWire(byte[] bytes) throws InvalidProtocolBufferException {
    return new MetricsBatch(null, bytes, WireValidator.validateMetrics(bytes));
  }

  /** Bytes this relay validated before it stored them, with their count: not validated again. */
  public static MetricsBatch fromStored(byte[] bytes, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative");
    }
    return new MetricsBatch(null, bytes, count);
  }

  public static MetricsBatch of(ExportMetricsServiceRequest request) {
    return new MetricsBatch(request, null, WireCounts.dataPoints(request));
  }

  /** The decoded request; a wire batch is decoded on every call, so call it once per batch. */
  public ExportMetricsServiceRequest request() {
    if (request != null) {
      return request;
    }
    try {
      return ExportMetricsServiceRequest.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("validated request failed to decode", e);
    }
  }

  @Override
  public MetricsBatch compact() {
    return request == null ? this : new MetricsBatch(null, bytes(), count);
  }

  @Override
  public byte[] bytes() {
    byte[] b = bytes;
    if (b == null) {
      b = request.toByteArray();
      bytes = b;
    }
    return b;
  }

  @Override
  public int itemCount() {
    return count;
  }

  @Override
  public Signal signal() {
    return Signal.METRICS;
  }
}
