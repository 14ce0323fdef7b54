package dev.relay.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.relay.component.Signal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

/**
 * An immutable batch of spans as one {@code ExportTraceServiceRequest}: either the exact bytes a client sent
 * (validated, not decoded) or a request built in the relay. A consumer that changes nothing forwards the bytes; one
 * that reads spans decodes them; a processor that changes data builds a new batch from a new request. Because
 * batches never change, pipelines and exporters share one without copying, and a queue holding a wire batch holds
 * only its bytes, not a decoded object tree several times their size.
 */
public final class TracesBatch extends Batch {
  private final ExportTraceServiceRequest request;
  private final int spanCount;
  private volatile byte[] bytes;

  private TracesBatch(ExportTraceServiceRequest request, byte[] bytes, int spanCount) {
    this.request = request;
    this.bytes = bytes;
    this.spanCount = spanCount;
  }

  /**
   * Takes bytes a client sent, after checking (without decoding) that they are a well-formed request.
   *
   * @throws InvalidProtocolBufferException when the parser would reject them
   */
  public static TracesBatch fromWire(byte[] bytes) throws InvalidProtocolBufferException {
    return new TracesBatch(null, bytes, WireValidator.validateTraces(bytes));
  }

  /**
   * Takes bytes this relay validated before it stored them (in a checksummed persistent queue), with the span count
   * it stored beside them: they are not validated again.
   */
  public static TracesBatch fromStored(byte[] bytes, int spanCount) {
    if (spanCount < 0) {
      throw new IllegalArgumentException("spanCount must not be negative");
    }
    return new TracesBatch(null, bytes, spanCount);
  }

  public static TracesBatch of(ExportTraceServiceRequest request) {
    return new TracesBatch(request, null, countSpans(request));
  }

  /**
   * This batch with its decoded request attached, for a processor that decoded it and changed nothing: the next
   * processor need not decode again, and exporters still forward the original bytes.
   */
  public TracesBatch withDecoded(ExportTraceServiceRequest decoded) {
    return request != null ? this : new TracesBatch(decoded, bytes, spanCount);
  }

  /**
   * The batch as its bytes only (encoding it if it has none yet), for holding in a queue: the decoded form of a
   * request is several times its size. Encoding is memoized, so exporters sharing a batch encode it once.
   */
  @Override
  public TracesBatch compact() {
    return request == null ? this : new TracesBatch(null, bytes(), spanCount);
  }

  /**
   * The decoded request. A wire batch is decoded on every call and the result is not kept (so batches waiting in
   * other exporters' queues stay small): call it once per batch and keep what it returns.
   */
  public ExportTraceServiceRequest request() {
    if (request != null) {
      return request;
    }
    try {
      return ExportTraceServiceRequest.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      // fromWire validated these bytes with rules at least as strict as the parser's
      throw new IllegalStateException("validated request failed to decode", e);
    }
  }

  /**
   * A builder holding this batch's spans, for a processor that changes them: parsed straight from the bytes for a
   * wire batch, copied from the request otherwise.
   */
  public ExportTraceServiceRequest.Builder toBuilder() {
    if (request != null) {
      return request.toBuilder();
    }
    try {
      return ExportTraceServiceRequest.newBuilder().mergeFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("validated request failed to decode", e);
    }
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

  public int spanCount() {
    return spanCount;
  }

  @Override
  public int itemCount() {
    return spanCount;
  }

  @Override
  public Signal signal() {
    return Signal.TRACES;
  }

  private static int countSpans(ExportTraceServiceRequest request) {
    int n = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    return n;
  }
}
