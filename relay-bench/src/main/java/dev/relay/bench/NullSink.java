package dev.relay.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.relay.otlp.OtlpGrpcMethods;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The benches' stand-in for Tempo: an OTLP/gRPC trace server in the load generator's JVM that drops what it gets. */
final class NullSink {
  private NullSink() {}

  /**
   * Starts the sink: answers every call, counting its spans; while parses is set, it parses each request and counts
   * its spans exactly, else it counts 100 a resource, as the load generator's requests have.
   */
  static Server start(int port, AtomicLong spans, AtomicBoolean parses) throws Exception {
    ServerServiceDefinition service = ServerServiceDefinition.builder(OtlpGrpcMethods.TRACE_SERVICE)
        .addMethod(OtlpGrpcMethods.TRACE_EXPORT, ServerCalls.asyncUnaryCall((byte[] req, StreamObserver<
            ExportTraceServiceResponse> obs) -> {
          if (parses.get()) {
            try {
              spans.addAndGet(exactCount(ExportTraceServiceRequest.parseFrom(req)));
            } catch (InvalidProtocolBufferException e) {
              obs.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
              return;
            }
          } else {
            spans.addAndGet(countSpans(req));
          }
          obs.onNext(ExportTraceServiceResponse.getDefaultInstance());
          obs.onCompleted();
        }))
        .build();
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(service)
        .maxInboundMessageSize(64 << 20).directExecutor().build().start();
  }

  /** Spans in a parsed request, whatever their number per resource (hostile requests hold one, or a million). */
  private static long exactCount(ExportTraceServiceRequest req) {
    long n = 0;
    for (var resource : req.getResourceSpansList()) {
      for (var scope : resource.getScopeSpansList()) {
        n += scope.getSpansCount();
      }
    }
    return n;
  }

  /** Spans in a request, counted cheaply: our generated requests all hold 100 spans per resource. */
  private static long countSpans(byte[] req) {
    // Each generated request is one ResourceSpans of exactly 100 spans; merged requests are concatenations.
    // Count top-level field-1 entries by walking tags and lengths.
    long resources = 0;
    int p = 0;
    while (p < req.length) {
      int tag = req[p++] & 0xff;
      long len = 0;
      int shift = 0;
      byte b;
      do {
        b = req[p++];
        len |= (long) (b & 0x7f) << shift;
        shift += 7;
      } while (b < 0);
      if (tag == 0x0a) {
        resources++;
      }
      p += (int) len;
    }
    return resources * ThroughputBench.SPANS_PER_REQUEST;
  }
}
