package dev.relay.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

/**
 * An immutable batch of spans as one {@code ExportTraceServiceRequest}. It holds the request decoded and, when it
 * came off the wire, the exact bytes received: a consumer that changes nothing forwards those bytes, a processor that
 * changes data builds a new batch from a new request. Because batches never change, pipelines and exporters can share
 * one without copying.
 */
public final class TracesBatch {
  private final ExportTraceServiceRequest request;
  private final int spanCount;
  private volatile byte[] bytes;

  private TracesBatch(ExportTraceServiceRequest request, byte[] bytes) {
    this.request = request;
    this.bytes = bytes;
    this.spanCount = countSpans(request);
  }

  /** Decodes bytes a client sent; the batch keeps them for forwarding. */
  public static TracesBatch fromWire(byte[] bytes) throws InvalidProtocolBufferException {
    return new TracesBatch(ExportTraceServiceRequest.parseFrom(bytes), bytes);
  }

  public static TracesBatch of(ExportTraceServiceRequest request) {
    return new TracesBatch(request, null);
  }

  public ExportTraceServiceRequest request() {
    return request;
  }

  /** The serialized request: the received bytes when there are any, else encoded once on first use. */
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

  public boolean isEmpty() {
    return spanCount == 0;
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
