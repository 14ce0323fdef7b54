package dev.relay.otlp;

import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * gRPC method descriptors for OTLP whose request side is raw bytes: the receiver decides itself how to decode, and
 * the exporter sends bytes it already has (concatenated requests are one valid request) without re-encoding.
 */
public final class OtlpGrpcMethods {
  public static final String TRACE_SERVICE = "opentelemetry.proto.collector.trace.v1.TraceService";

  public static final MethodDescriptor<byte[], ExportTraceServiceResponse> TRACE_EXPORT =
      MethodDescriptor.<byte[], ExportTraceServiceResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(TRACE_SERVICE, "Export"))
          .setRequestMarshaller(RawBytesMarshaller.INSTANCE)
          .setResponseMarshaller(ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
          .build();

  public static final String LOGS_SERVICE = "opentelemetry.proto.collector.logs.v1.LogsService";

  public static final MethodDescriptor<byte[], ExportLogsServiceResponse> LOGS_EXPORT =
      MethodDescriptor.<byte[], ExportLogsServiceResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(LOGS_SERVICE, "Export"))
          .setRequestMarshaller(RawBytesMarshaller.INSTANCE)
          .setResponseMarshaller(ProtoUtils.marshaller(ExportLogsServiceResponse.getDefaultInstance()))
          .build();

  public static final String METRICS_SERVICE = "opentelemetry.proto.collector.metrics.v1.MetricsService";

  public static final MethodDescriptor<byte[], ExportMetricsServiceResponse> METRICS_EXPORT =
      MethodDescriptor.<byte[], ExportMetricsServiceResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(METRICS_SERVICE, "Export"))
          .setRequestMarshaller(RawBytesMarshaller.INSTANCE)
          .setResponseMarshaller(ProtoUtils.marshaller(ExportMetricsServiceResponse.getDefaultInstance()))
          .build();

  private OtlpGrpcMethods() {}

  /** Passes message bytes through untouched. */
  public enum RawBytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
