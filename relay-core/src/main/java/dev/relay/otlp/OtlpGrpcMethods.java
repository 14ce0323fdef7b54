package dev.relay.otlp;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

  /**
   * The same three methods for a sender whose request is several serialized requests sent as one: protobuf
   * concatenates them into one valid request, and gRPC drains each part into its frame in turn, so a merged batch
   * is never copied into one array first.
   */
  public static final MethodDescriptor<byte[][], ExportTraceServiceResponse> TRACE_EXPORT_PARTS =
      TRACE_EXPORT.toBuilder(PartsMarshaller.INSTANCE, TRACE_EXPORT.getResponseMarshaller()).build();
  public static final MethodDescriptor<byte[][], ExportLogsServiceResponse> LOGS_EXPORT_PARTS =
      LOGS_EXPORT.toBuilder(PartsMarshaller.INSTANCE, LOGS_EXPORT.getResponseMarshaller()).build();
  public static final MethodDescriptor<byte[][], ExportMetricsServiceResponse> METRICS_EXPORT_PARTS =
      METRICS_EXPORT.toBuilder(PartsMarshaller.INSTANCE, METRICS_EXPORT.getResponseMarshaller()).build();

  private OtlpGrpcMethods() {}

  /** Sends the concatenation of its parts without concatenating them; parses into a single part. */
  public enum PartsMarshaller implements MethodDescriptor.Marshaller<byte[][]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[][] parts) {
      return new PartsStream(parts);
    }

    @Override
    public byte[][] parse(InputStream stream) {
      return new byte[][] {RawBytesMarshaller.INSTANCE.parse(stream)};
    }
  }

  /**
   * Byte arrays read one after the other (or one alone), as a stream gRPC can drain and knows the length of: the
   * bytes go straight into gRPC's frame, with no 8 KiB copy buffer per message.
   */
  static final class PartsStream extends InputStream implements Drainable, KnownLength {
    private final byte[][] parts;
    private int part;
    private int pos;
    private int remaining;

    PartsStream(byte[][] parts) {
      this.parts = parts;
      for (byte[] p : parts) {
        remaining += p.length;
      }
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int n = remaining;
      for (; part < parts.length; part++, pos = 0) {
        target.write(parts[part], pos, parts[part].length - pos);
      }
      remaining = 0;
      return n;
    }

    @Override
    public int read() {
      while (part < parts.length && pos == parts[part].length) {
        part++;
        pos = 0;
      }
      if (part == parts.length) {
        return -1;
      }
      remaining--;
      return parts[part][pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (remaining == 0) {
        return -1;
      }
      int done = 0;
      while (done < len && part < parts.length) {
        int n = Math.min(len - done, parts[part].length - pos);
        System.arraycopy(parts[part], pos, b, off + done, n);
        done += n;
        pos += n;
        if (pos == parts[part].length) {
          part++;
          pos = 0;
        }
      }
      remaining -= done;
      return done;
    }

    @Override
    public int available() {
      return remaining;
    }
  }

  /**
   * Passes message bytes through untouched, without the copies gRPC makes of a plain stream: outgoing bytes are
   * drained straight into gRPC's frame ({@link Drainable}, so no 8 KiB copy buffer per message), and incoming ones
   * are read into an array of exactly the message's size when gRPC knows it ({@link KnownLength}), instead of the
   * growing buffers of {@code readAllBytes}. Measured at 1,000 requests/s, these two were 45% of the relay's
   * allocation (docs/BENCHMARKS.md).
   */
  public enum RawBytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new PartsStream(new byte[][] {value});
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        if (stream instanceof KnownLength) {
          int size = stream.available();
          byte[] out = new byte[size];
          int read = stream.readNBytes(out, 0, size);
          int next = read == size ? stream.read() : -1;
          if (read == size && next == -1) {
            return out;
          }
          // The length was not what gRPC said: keep what was read and read the rest as it comes.
          java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream(Math.max(32, read * 2));
          all.write(out, 0, read);
          if (next >= 0) {
            all.write(next);
          }
          stream.transferTo(all);
          return all.toByteArray();
        }
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
