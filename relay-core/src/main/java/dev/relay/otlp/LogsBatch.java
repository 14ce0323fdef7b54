package dev.relay.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.relay.component.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;

/**
 * An immutable batch of log records as one {@code ExportLogsServiceRequest}: the bytes a client sent (validated, not decoded) or a
 * request built in the relay, like {@link TracesBatch}.
 */
public final class LogsBatch extends Batch {
  private final ExportLogsServiceRequest request;
  private final int count;
  private volatile byte[] bytes;

  private LogsBatch(ExportLogsServiceRequest request, byte[] bytes, int count) {
    this.request = request;
    this.bytes = bytes;
    this.count = count;
  }

  /**
   * Takes bytes a client sent, after checking (without decoding) that they are a well-formed request.
   *
   * @throws InvalidProtocolBufferException when the parser would reject them
   */
  public static LogsBatch fromWire(byte[] bytes) throws InvalidProtocolBufferException {
    return new LogsBatch(null, bytes, WireValidator.validateLogs(bytes));
  }

  /** Bytes this relay validated before it stored them, with their count: not validated again. */
  public static LogsBatch fromStored(byte[] bytes, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative");
    }
    return new LogsBatch(null, bytes, count);
  }

  public static LogsBatch of(ExportLogsServiceRequest request) {
    return new LogsBatch(request, null, WireCounts.logRecords(request));
  }

  /** The decoded request; a wire batch is decoded on every call, so call it once per batch. */
  public ExportLogsServiceRequest request() {
    if (request != null) {
      return request;
    }
    try {
      return ExportLogsServiceRequest.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("validated request failed to decode", e);
    }
  }

  @Override
  public LogsBatch compact() {
    return request == null ? this : new LogsBatch(null, bytes(), count);
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
    return Signal.LOGS;
  }
}
