package dev.relay.receiver.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.relay.component.Component;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.ConsumeException;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.otlp.TracesBatch;
import dev.relay.telemetry.Meters;
import dev.relay.telemetry.ThrottlingLogger;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code TraceService/Export}. Calls run on a small fixed pool, never on Netty's event loop; the work there is
 * one decode and an enqueue per exporter, neither of which blocks.
 */
public final class OtlpGrpcReceiver implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpGrpcReceiver.class);
  private static final ExportTraceServiceResponse OK = ExportTraceServiceResponse.getDefaultInstance();

  private final ComponentId id;
  private final OtlpGrpcConfig config;
  private final TracesConsumer next;
  private final ThrottlingLogger throttled = new ThrottlingLogger(LOG);
  private final Counter accepted;
  private final Counter refused;
  private final Counter refusedRequests;
  private ExecutorService executor;
  private Server server;

  OtlpGrpcReceiver(ComponentId id, OtlpGrpcConfig config, TracesConsumer next, TelemetrySettings telemetry) {
    this.id = id;
    this.config = config;
    this.next = next;
    var registry = telemetry.meterRegistry();
    String tag = id.toString();
    this.accepted = Meters.counter(registry, Meters.RECEIVER_ACCEPTED_SPANS, "receiver", tag, "transport", "grpc");
    this.refused = Meters.counter(registry, Meters.RECEIVER_REFUSED_SPANS, "receiver", tag, "transport", "grpc");
    this.refusedRequests =
        Meters.counter(registry, Meters.RECEIVER_REFUSED_REQUESTS, "receiver", tag, "transport", "grpc");
  }

  @Override
  public void start() throws IOException {
    AtomicInteger n = new AtomicInteger();
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "relay-otlp-grpc-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ServerServiceDefinition service = ServerServiceDefinition.builder(OtlpGrpcMethods.TRACE_SERVICE)
        .addMethod(OtlpGrpcMethods.TRACE_EXPORT, ServerCalls.asyncUnaryCall(this::export))
        .build();
    server = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
        .executor(executor)
        .maxInboundMessageSize(config.maxRecvMsgSizeBytes())
        .addService(service)
        .build();
    try {
      server.start();
    } catch (IOException e) {
      executor.shutdownNow();
      throw new IOException("receiver " + id + " cannot listen on " + config.endpoint() + ": " + e.getMessage(), e);
    }
  }

  void export(byte[] request, StreamObserver<ExportTraceServiceResponse> response) {
    TracesBatch batch;
    try {
      batch = TracesBatch.fromWire(request);
    } catch (InvalidProtocolBufferException e) {
      refusedRequests.increment();
      response.onError(Status.INVALID_ARGUMENT
          .withDescription("malformed ExportTraceServiceRequest: " + e.getMessage()).asRuntimeException());
      return;
    }
    try {
      next.consumeTraces(batch);
    } catch (ConsumeException e) {
      refused.increment(batch.spanCount());
      response.onError((e.retryable() ? Status.UNAVAILABLE : Status.INVALID_ARGUMENT)
          .withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (RuntimeException | StackOverflowError e) {
      refused.increment(batch.spanCount());
      throttled.error("receiver " + id + ": pipeline failed on a batch: " + e);
      response.onError(Status.INTERNAL.withDescription("relay failed to process the request").asRuntimeException());
      return;
    }
    accepted.increment(batch.spanCount());
    response.onNext(OK);
    response.onCompleted();
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return server.getPort();
  }

  @Override
  public void shutdown(Duration timeout) {
    if (server == null) {
      return;
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor.shutdown();
  }

  @Override
  public String state() {
    return server != null && !server.isShutdown() ? "listening" : "stopped";
  }

  @Override
  public String describe() {
    return "OTLP/gRPC on " + config.endpoint() + (server != null && config.port() == 0 ? " (port " + port() + ")" : "");
  }
}
