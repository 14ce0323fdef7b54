package dev.relay.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.relay.otlp.Signal;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/** An immutable batch of metric data points as one {@code ExportMetricsServiceRequest}; see {@link Batch}. */
public final class MetricsBatch extends Batch {
  private MetricsBatch(ExportMetricsServiceRequest request, byte[] bytes, int count) {
    super(request, bytes, count);
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
    return new MetricsBatch(null, bytes, count);
  }

  public static MetricsBatch of(ExportMetricsServiceRequest request) {
    return new MetricsBatch(request, null, WireCounts.dataPoints(request));
  }

  /** The decoded request; a wire batch is decoded on every call, so call it once per batch. */
  public ExportMetricsServiceRequest request() {
    if (decoded() != null) {
      return (ExportMetricsServiceRequest) decoded();
    }
    try {
      return ExportMetricsServiceRequest.parseFrom(wireBytes());
    } catch (InvalidProtocolBufferException e) {
      throw undecodable(e);
    }
  }

  @Override
  Batch bytesOnly(byte[] bytes, int count) {
    return new MetricsBatch(null, bytes, count);
  }

  @Override
  public Signal signal() {
    return Signal.METRICS;
  }
}
