package dev.relay.bench;

import dev.relay.otlp.OtlpGrpcMethods;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.net.InetSocketAddress;

/**
 * The floors of issue #7, measured in the same run as the relay: a bare OTLP/gRPC pass-through that does nothing
 * but forward each request to the sink and answer when the sink answers. In mode {@code bytes} it forwards the
 * request bytes untouched; in mode {@code decode} it parses every request and encodes it again. gRPC's defaults
 * otherwise (its executor, its channel), as a first pass-through would have them. The bench starts it as a
 * separate process with the image's JVM flags, as it starts the relay.
 *
 * <p>Usage: {@code java -cp relay-bench.jar dev.relay.bench.PassThroughFloor PORT SINK_PORT bytes|decode}
 */
public final class PassThroughFloor {
  private PassThroughFloor() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int sinkPort = Integer.parseInt(args[1]);
    boolean decode = switch (args[2]) {
      case "bytes" -> false;
      case "decode" -> true;
      default -> throw new IllegalArgumentException("mode is bytes or decode, not " + args[2]);
    };
    ManagedChannel sink = ManagedChannelBuilder.forAddress("127.0.0.1", sinkPort).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
    ServerServiceDefinition service = ServerServiceDefinition.builder(OtlpGrpcMethods.TRACE_SERVICE)
        .addMethod(OtlpGrpcMethods.TRACE_EXPORT, ServerCalls.asyncUnaryCall(
            (byte[] request, StreamObserver<ExportTraceServiceResponse> reply) -> {
              byte[] out = request;
              if (decode) {
                try {
                  out = ExportTraceServiceRequest.parseFrom(request).toByteArray();
                } catch (Exception e) {
                  reply.onError(io.grpc.Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
                  return;
                }
              }
              ClientCalls.asyncUnaryCall(sink.newCall(OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT), out,
                  new StreamObserver<>() {
                    @Override
                    public void onNext(ExportTraceServiceResponse value) {
                      reply.onNext(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                      reply.onError(t);
                    }

                    @Override
                    public void onCompleted() {
                      reply.onCompleted();
                    }
                  });
            }))
        .build();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(service)
        .maxInboundMessageSize(64 << 20).build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      sink.shutdownNow();
    }));
    server.awaitTermination();
  }
}
