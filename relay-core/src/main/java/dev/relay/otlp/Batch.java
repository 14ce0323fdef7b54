package dev.relay.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import dev.relay.otlp.Signal;

/**
 * An immutable OTLP export request of one signal, as the pipeline carries it: either the exact bytes a client sent
 * (validated, not decoded) or a request built in the relay. A consumer that changes nothing forwards the bytes; one
 * that reads items decodes them; a processor that changes data builds a new batch from a new request. Because
 * batches never change, pipelines and exporters share one without copying, and a queue holding a wire batch holds
 * only its bytes, not a decoded object tree several times their size. Queues, exporters and the persistent queue
 * handle every signal through this type; processors that read data use the signal's own class.
 */
public abstract sealed class Batch permits TracesBatch, LogsBatch, MetricsBatch {
  private final MessageLite decoded;
  private final int itemCount;
  private volatile byte[] bytes;

  Batch(MessageLite decoded, byte[] bytes, int itemCount) {
    if (itemCount < 0) {
      throw new IllegalArgumentException("an item count must not be negative");
    }
    this.decoded = decoded;
    this.bytes = bytes;
    this.itemCount = itemCount;
  }

  public abstract Signal signal();

  /** The same batch as its bytes only. */
  abstract Batch bytesOnly(byte[] bytes, int itemCount);

  /** The decoded request, when this batch was built from one (or had it attached); else null. */
  final MessageLite decoded() {
    return decoded;
  }

  /** The bytes, when this batch has them already; else null. */
  final byte[] wireBytes() {
    return bytes;
  }

  /** The serialized request: the received bytes when there are any, else encoded once on first use. */
  public final byte[] bytes() {
    byte[] b = bytes;
    if (b == null) {
      b = decoded.toByteArray();
      bytes = b;
    }
    return b;
  }

  /** Spans, log records or data points. */
  public final int itemCount() {
    return itemCount;
  }

  public final boolean isEmpty() {
    return itemCount == 0;
  }

  /**
   * The batch as its bytes only (encoding it if it has none yet), for holding in a queue: the decoded form of a
   * request is several times its size. Encoding is memoized, so exporters sharing a batch encode it once.
   */
  public final Batch compact() {
    return decoded == null && !carriesMore() ? this : bytesOnly(bytes(), itemCount);
  }

  /** Whether the batch holds more than its bytes and decoded request (something a queue must not keep). */
  boolean carriesMore() {
    return false;
  }

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

  /** Bytes {@link WireValidator} has just checked, with the item count it found. */
  static Batch checked(Signal signal, byte[] bytes, int itemCount) {
    return fromStored(signal, bytes, itemCount);
  }

  /** Takes bytes a client sent for {@code signal}, after checking that they are a well-formed request. */
  public static Batch fromWire(Signal signal, byte[] bytes) throws InvalidProtocolBufferException {
    return switch (signal) {
      case TRACES -> TracesBatch.fromWire(bytes);
      case LOGS -> LogsBatch.fromWire(bytes);
      case METRICS -> MetricsBatch.fromWire(bytes);
    };
  }

  /** Thrown when bytes that were validated on arrival fail to decode: a bug, never bad input. */
  static IllegalStateException undecodable(InvalidProtocolBufferException e) {
    return new IllegalStateException("validated request failed to decode", e);
  }
}
