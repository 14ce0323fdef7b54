package dev.relay.otlp;

import dev.relay.component.Signal;

/**
 * An immutable OTLP export request of one signal, as the pipeline carries it: the bytes a client sent (validated,
 * not decoded) or a request built in the relay. Queues, exporters and the persistent queue handle every signal
 * through this type; processors that read data use the signal's own class.
 */
public abstract sealed class Batch permits TracesBatch, LogsBatch, MetricsBatch {
  Batch() {}

  public abstract Signal signal();

  /** The serialized request: the received bytes when there are any, else encoded once on first use. */
  public abstract byte[] bytes();

  /** Spans, log records or data points. */
  public abstract int itemCount();

  public final boolean isEmpty() {
    return itemCount() == 0;
  }

  /** The batch as its bytes only, for holding in a queue: a decoded request is several times its size. */
  public abstract Batch compact();

  /**
   * A batch from bytes this relay validated before it stored them (in a checksummed persistent queue), with the
   * item count stored beside them: they are not validated again.
   */
  public static Batch fromStored(Signal signal, byte[] bytes, int itemCount) {
    return switch (signal) {
      case TRACES -> TracesBatch.fromStored(bytes, itemCount);
      case LOGS -> LogsBatch.fromStored(bytes, itemCount);
      case METRICS -> MetricsBatch.fromStored(bytes, itemCount);
    };
  }

  /** Takes bytes a client sent for {@code signal}, after checking that they are a well-formed request. */
  public static Batch fromWire(Signal signal, byte[] bytes) throws com.google.protobuf.InvalidProtocolBufferException {
    return switch (signal) {
      case TRACES -> TracesBatch.fromWire(bytes);
      case LOGS -> LogsBatch.fromWire(bytes);
      case METRICS -> MetricsBatch.fromWire(bytes);
    };
  }
}
