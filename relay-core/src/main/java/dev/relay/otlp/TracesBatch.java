package dev.relay.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.relay.otlp.Signal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

/** An immutable batch of spans as one {@code ExportTraceServiceRequest}; see {@link Batch}. */
public final class TracesBatch extends Batch {
  /** The request opened by the processor before, unchanged, for the next one to take; see {@link #withOpened}. */
  private EditableTraces opened;

  private TracesBatch(ExportTraceServiceRequest request, byte[] bytes, int spanCount) {
    super(request, bytes, spanCount);
  }

  /**
   * This batch with the request a processor opened and left unchanged (a filter that dropped nothing), so that the
   * next processor of the pipeline can take it instead of opening the same bytes again. Queues never keep it:
   * {@link #compact()} leaves it behind.
   */
  public TracesBatch withOpened(EditableTraces request) {
    TracesBatch b = new TracesBatch((ExportTraceServiceRequest) decoded(), wireBytes(), itemCount());
    b.opened = request;
    return b;
  }

  /**
   * The request attached by {@link #withOpened}, for the one processor that takes it (it may change it), or null.
   * Processors of a pipeline run one after the other on the same thread, so no other consumer sees it.
   */
  public EditableTraces takeOpened() {
    EditableTraces o = opened;
    opened = null;
    return o;
  }

  @Override
  boolean carriesMore() {
    return opened != null;
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
    return new TracesBatch(null, bytes, spanCount);
  }

  /** Takes bytes a processor of this relay encoded ({@link EditableTraces#encode()}), with their span count. */
  public static TracesBatch fromEncoded(byte[] bytes, int spanCount) {
    return new TracesBatch(null, bytes, spanCount);
  }

  public static TracesBatch of(ExportTraceServiceRequest request) {
    return new TracesBatch(request, null, countSpans(request));
  }

  /**
   * The decoded request. A wire batch is decoded on every call and the result is not kept (so batches waiting in
   * other exporters' queues stay small): call it once per batch and keep what it returns.
   */
  public ExportTraceServiceRequest request() {
    if (decoded() != null) {
      return (ExportTraceServiceRequest) decoded();
    }
    try {
      return ExportTraceServiceRequest.parseFrom(wireBytes());
    } catch (InvalidProtocolBufferException e) {
      // fromWire validated these bytes with rules at least as strict as the parser's
      throw undecodable(e);
    }
  }

  /**
   * A builder holding this batch's spans, for a processor that changes them: parsed straight from the bytes for a
   * wire batch, copied from the request otherwise.
   */
  public ExportTraceServiceRequest.Builder toBuilder() {
    if (decoded() != null) {
      return ((ExportTraceServiceRequest) decoded()).toBuilder();
    }
    try {
      return ExportTraceServiceRequest.newBuilder().mergeFrom(wireBytes());
    } catch (InvalidProtocolBufferException e) {
      throw undecodable(e);
    }
  }

  public int spanCount() {
    return itemCount();
  }

  @Override
  Batch bytesOnly(byte[] bytes, int count) {
    return new TracesBatch(null, bytes, count);
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
