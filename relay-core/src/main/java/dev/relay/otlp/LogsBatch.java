package dev.relay.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.relay.otlp.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;

/** An immutable batch of log records as one {@code ExportLogsServiceRequest}; see {@link Batch}. */
public final class LogsBatch extends Batch {
  private LogsBatch(ExportLogsServiceRequest request, byte[] bytes, int count) {
    super(request, bytes, count);
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
    return new LogsBatch(null, bytes, count);
  }

  public static LogsBatch of(ExportLogsServiceRequest request) {
    return new LogsBatch(request, null, WireCounts.logRecords(request));
  }

  /** The decoded request; a wire batch is decoded on every call, so call it once per batch. */
  public ExportLogsServiceRequest request() {
    if (decoded() != null) {
      return (ExportLogsServiceRequest) decoded();
    }
    try {
      return ExportLogsServiceRequest.parseFrom(wireBytes());
    } catch (InvalidProtocolBufferException e) {
      throw undecodable(e);
    }
  }

  @Override
  Batch bytesOnly(byte[] bytes, int count) {
    return new LogsBatch(null, bytes, count);
  }

  @Override
  public Signal signal() {
    return Signal.LOGS;
  }
}
