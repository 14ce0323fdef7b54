package dev.relay.exporter.otlp;

import dev.relay.compression.Compression;
import dev.relay.compression.GrpcCodecs;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.relay.exporter.ExportException;
import dev.relay.testing.TestTraces;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.TlsSettings;
import dev.relay.otlp.Batch;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.otlp.TracesBatch;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** OTLP's retry rules as the exporter classifies gRPC failures. */
class OtlpGrpcSenderTest {
  private static Throwable withRetryInfo(Code code, long seconds) {
    return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder().setCode(code.getNumber())
        .addDetails(Any.pack(RetryInfo.newBuilder()
            .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(seconds)).build()))
        .build());
  }

  @Test
  void classifiesByTheOtlpRules() {
    for (Status.Code c : new Status.Code[] {Status.Code.CANCELLED, Status.Code.DEADLINE_EXCEEDED,
        Status.Code.ABORTED, Status.Code.OUT_OF_RANGE, Status.Code.UNAVAILABLE, Status.Code.DATA_LOSS}) {
      assertThat(OtlpGrpcSender.classify(Status.fromCode(c).asRuntimeException()).retryable()).as(c.name()).isTrue();
    }
    for (Status.Code c : new Status.Code[] {Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND,
        Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED, Status.Code.INTERNAL, Status.Code.UNKNOWN,
        Status.Code.RESOURCE_EXHAUSTED, Status.Code.UNIMPLEMENTED, Status.Code.FAILED_PRECONDITION}) {
      assertThat(OtlpGrpcSender.classify(Status.fromCode(c).asRuntimeException()).retryable()).as(c.name())
          .isFalse();
    }
    ExportException throttled = OtlpGrpcSender.classify(withRetryInfo(Code.RESOURCE_EXHAUSTED, 3));
    assertThat(throttled.retryable()).isTrue();
    assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(3));
  }

  private static TracesBatch batch(String spanName) throws Exception {
    return TracesBatch.fromWire(TestTraces.request(spanName).toByteArray());
  }

  @Test
  void mergedBatchesArriveAsTheConcatenationOfTheirBytesInEveryCompression() throws Exception {
    List<byte[]> received = new CopyOnWriteArrayList<>();
    List<String> encodings = new CopyOnWriteArrayList<>();
    Metadata.Key<String> encoding = Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);
    ServerInterceptor recordEncoding = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        encodings.add(String.valueOf(headers.get(encoding)));
        return next.startCall(call, headers);
      }
    };
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .decompressorRegistry(GrpcCodecs.decompressors())
        .intercept(recordEncoding)
        .addService(ServerServiceDefinition.builder(OtlpGrpcMethods.TRACE_SERVICE)
            .addMethod(OtlpGrpcMethods.TRACE_EXPORT, ServerCalls.asyncUnaryCall((byte[] req, io.grpc.stub
                .StreamObserver<ExportTraceServiceResponse> obs) -> {
              received.add(req);
              obs.onNext(ExportTraceServiceResponse.getDefaultInstance());
              obs.onCompleted();
            }))
            .build())
        .build().start();
    try {
      List<Batch> batches = List.of(batch("a"), batch("bb"), batch("ccc"));
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      for (Batch b : batches) {
        expected.write(b.bytes());
      }
      List<Compression> compressions = List.of(Compression.NONE, Compression.GZIP,
          new Compression(Compression.Type.GZIP, 1), new Compression(Compression.Type.ZSTD, 3));
      for (Compression compression : compressions) {
        OtlpGrpcSender sender = new OtlpGrpcSender(ComponentId.parse("otlp"), new OtlpExporterConfig(
            "127.0.0.1:" + server.getPort(), TlsSettings.client(true), Map.of(), compression, null),
            new TelemetrySettings(new SimpleMeterRegistry()));
        sender.start();
        try {
          sender.send(batches, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
          sender.send(List.of(batches.get(1)), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        } finally {
          sender.shutdown(Duration.ofSeconds(5));
        }
      }
      assertThat(received).hasSize(8);
      assertThat(encodings).containsExactly("null", "null", "gzip", "gzip", "gzip", "gzip", "zstd", "zstd");
      for (int i = 0; i < 8; i += 2) {
        assertThat(received.get(i)).isEqualTo(expected.toByteArray());
        assertThat(ExportTraceServiceRequest.parseFrom(received.get(i)).getResourceSpansCount()).isEqualTo(3);
        assertThat(received.get(i + 1)).isEqualTo(batches.get(1).bytes());
      }
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void absurdRetryDelaysAreCappedAtAnHour() {
    assertThat(OtlpGrpcSender.classify(withRetryInfo(Code.UNAVAILABLE, 100_000_000_000L)).retryAfter())
        .isEqualTo(Duration.ofHours(1));
    assertThat(OtlpGrpcSender.classify(withRetryInfo(Code.UNAVAILABLE, -5)).retryAfter()).isEqualTo(Duration.ZERO);
  }
}
