package dev.relay.receiver.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.relay.compression.GrpcCodecs;
import dev.relay.component.Component;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.ConsumeException;
import dev.relay.component.InFlightBudget;
import dev.relay.otlp.ItemLimits;
import dev.relay.otlp.Signal;
import dev.relay.consumer.Consumers;
import dev.relay.consumer.RequestContext;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.net.ConnectionLimiter;
import dev.relay.net.Http2RefusalObserver;
import dev.relay.net.SharedListener;
import dev.relay.telemetry.Meters;
import dev.relay.telemetry.ThrottlingLogger;
import dev.relay.tls.ServerTls;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code TraceService/Export}, {@code LogsService/Export} and {@code MetricsService/Export}, each only when a
 * pipeline of that signal lists this receiver (the others answer UNIMPLEMENTED, as the Collector's do). A call runs
 * on the Netty event loop that read it when nothing it does may block: the pipeline says it never blocks (its
 * {@link dev.relay.consumer.Capabilities}, read per call, so a reload that changes the pipeline behind a kept
 * receiver changes the choice) and the credentials, if any, need no slow check. The work there is then one
 * validation and an enqueue per exporter, and the call saves two thread hand-offs. Otherwise it runs on a small
 * {@link CallPool}, whose threads exist only while calls need them.
 *
 * <p>The server accepts on a {@link SharedListener}: a successor built by a reload for the same endpoint takes the
 * socket over and accepts on it before this server stops, so the port is never closed. Each server has its own
 * event loops ({@link GrpcTransport}), as two servers accept on one socket during a hand-over.
 */
final class OtlpGrpcReceiver implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpGrpcReceiver.class);
  private final ComponentId id;
  private final OtlpGrpcConfig config;
  private final Consumers next;
  private final ThrottlingLogger throttled = new ThrottlingLogger(LOG);
  private final Map<Signal, SignalIntake> intakes = new EnumMap<>(Signal.class);
  private final Counter refusedRequests;
  private final GrpcGuards guards;
  private final InFlightBudget budget = InFlightBudget.process();
  /** Checks each call's credentials; null without {@code auth}. */
  private final GrpcAuthInterceptor auth;
  private final ConnectionLimiter connections;
  /** Per call, by full method name: the signal's intake. */
  private final Map<String, SignalIntake> byMethod = new java.util.HashMap<>();
  /** Counts the streams and connections the HTTP/2 layer refuses. */
  private final GrpcRefusals refusals;
  private GrpcTransport transport;
  private ExecutorService executor;
  /** The predecessor's socket, offered by a reload; taken when still open and for the same endpoint. */
  private SharedListener inherited;
  private SharedListener listener;
  private Server server;
  private ServerTls tls;

  OtlpGrpcReceiver(ComponentId id, OtlpGrpcConfig config, Consumers next, TelemetrySettings telemetry) {
    this(id, config, next, telemetry, ItemLimitsConfig.DEFAULTS, GrpcGuards.DEFAULTS);
  }

  OtlpGrpcReceiver(ComponentId id, OtlpGrpcConfig config, Consumers next, TelemetrySettings telemetry,
      ItemLimits limits, GrpcGuards guards) {
    this.id = id;
    this.guards = guards;
    this.config = config;
    this.next = next;
    var registry = telemetry.meterRegistry();
    String tag = id.toString();
    for (Signal signal : Signal.values()) {
      if (next.has(signal)) {
        intakes.put(signal, new SignalIntake(signal, tag, "grpc", next, registry, limits));
      }
    }
    this.refusedRequests =
        Meters.counter(registry, Meters.RECEIVER_REFUSED_REQUESTS, "receiver", tag, "transport", "grpc");
    this.auth = config.auth() == null ? null : new GrpcAuthInterceptor(new ReceiverAuth(
        telemetry.authenticators().server(config.auth().authenticator()), registry, tag, "grpc"));
    Counter refused = Meters.counter(registry, OtlpHttpReceiver.REFUSED_CONNECTIONS, "receiver", tag,
        "transport", "grpc");
    this.connections = new ConnectionLimiter(guards.maxConnections(), () -> {
      refused.increment();
      throttled.warn("receiver " + id + " (grpc): closed a new connection, " + guards.maxConnections()
          + " (max_connections) are open");
    });
    this.refusals = new GrpcRefusals(tag, guards, registry, throttled);
  }

  /** Connections open now. */
  int openConnections() {
    return connections.open();
  }

  private ServerServiceDefinition guarded(ServerServiceDefinition service) {
    return auth == null ? service : ServerInterceptors.intercept(service, auth);
  }

  /** Offers the running predecessor's listening socket, taken at {@link #start} if the endpoint is the same. */
  void inherit(SharedListener predecessorSocket) {
    this.inherited = predecessorSocket;
  }

  SharedListener listener() {
    return listener;
  }

  @Override
  public void start() throws IOException {
    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    try {
      listener = inherited != null && inherited.retain(address) ? inherited : SharedListener.open(address);
    } catch (IOException e) {
      throw new IOException("receiver " + id + " cannot listen on " + config.endpoint() + ": " + e.getMessage(), e);
    }
    inherited = null;
    transport = GrpcTransport.open();
    executor = CallPool.create("relay-otlp-grpc-");
    NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
        // Calls start on the event loop; callExecutor moves those that may block to the pool, per call.
        .directExecutor()
        .callExecutor(this::callExecutor)
        .maxInboundMessageSize(config.maxRecvMsgSizeBytes())
        // gzip and zstd, as the Collector's receiver takes them; the size limit applies to the decompressed message.
        .decompressorRegistry(GrpcCodecs.decompressors());
    GrpcKeepalive.apply(builder, guards);
    if (config.server().tls() != null) {
      try {
        tls = ServerTls.load(config.server().tls(), "receiver " + id + " (grpc)");
      } catch (IOException e) {
        releaseResources(Duration.ZERO);
        throw e;
      }
      builder.sslContext(tls.grpcContext());
    }
    if (config.maxConcurrentStreams() > 0) {
      // HTTP/2's SETTINGS_MAX_CONCURRENT_STREAMS: a client queues further calls itself, so the calls (and their
      // request bytes) waiting for the executor stay bounded per connection.
      builder.maxConcurrentCallsPerConnection(config.maxConcurrentStreams());
    }
    if (config.includeMetadata()) {
      builder.intercept(new ClientMetadataInterceptor());
    }
    byMethod.put(OtlpGrpcMethods.TRACE_EXPORT.getFullMethodName(), intakes.get(Signal.TRACES));
    byMethod.put(OtlpGrpcMethods.LOGS_EXPORT.getFullMethodName(), intakes.get(Signal.LOGS));
    byMethod.put(OtlpGrpcMethods.METRICS_EXPORT.getFullMethodName(), intakes.get(Signal.METRICS));
    if (next.has(Signal.TRACES)) {
      ExportTraceServiceResponse ok = ExportTraceServiceResponse.getDefaultInstance();
      builder.addService(guarded(ServerServiceDefinition.builder(OtlpGrpcMethods.TRACE_SERVICE)
          .addMethod(OtlpGrpcMethods.TRACE_EXPORT,
              ServerCalls.asyncUnaryCall((req, obs) -> export(Signal.TRACES, req, obs, ok)))
          .build()));
    }
    if (next.has(Signal.LOGS)) {
      ExportLogsServiceResponse ok = ExportLogsServiceResponse.getDefaultInstance();
      builder.addService(guarded(ServerServiceDefinition.builder(OtlpGrpcMethods.LOGS_SERVICE)
          .addMethod(OtlpGrpcMethods.LOGS_EXPORT,
              ServerCalls.asyncUnaryCall((req, obs) -> export(Signal.LOGS, req, obs, ok)))
          .build()));
    }
    if (next.has(Signal.METRICS)) {
      ExportMetricsServiceResponse ok = ExportMetricsServiceResponse.getDefaultInstance();
      builder.addService(guarded(ServerServiceDefinition.builder(OtlpGrpcMethods.METRICS_SERVICE)
          .addMethod(OtlpGrpcMethods.METRICS_EXPORT,
              ServerCalls.asyncUnaryCall((req, obs) -> export(Signal.METRICS, req, obs, ok)))
          .build()));
    }
    transport.applyTo(builder, connections, listener,
        Http2RefusalObserver.onAccept(refusals, config.server().tls() != null));
    server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      releaseResources(Duration.ZERO);
      throw new IOException("receiver " + id + " cannot listen on " + config.endpoint() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Where a call runs, chosen on the event loop before any of it runs: null keeps it there, when neither its
   * pipeline nor its credential check may block; else the pool.
   */
  private <Q, R> Executor callExecutor(ServerCall<Q, R> call, Metadata headers) {
    SignalIntake intake = byMethod.get(call.getMethodDescriptor().getFullMethodName());
    boolean inline = intake != null && !intake.capabilities().mayBlock() && (auth == null || auth.isQuick(headers));
    return inline ? null : executor;
  }

  <R> void export(Signal signal, byte[] request, StreamObserver<R> response, R ok) {
    SignalIntake intake = intakes.get(signal);
    if (!budget.tryReserve(request.length)) {
      refusedRequests.increment();
      response.onError(OverBudget.grpcStatus(budget));
      return;
    }
    try (RequestContext.Scope ignored = callContext().makeCurrent()) {
      intake.export(request);
    } catch (InvalidProtocolBufferException e) {
      refusedRequests.increment();
      response.onError(Status.INVALID_ARGUMENT.withDescription("malformed "
          + intake.newRequestBuilder().getDescriptorForType().getName() + ": " + e.getMessage()).asRuntimeException());
      return;
    } catch (ConsumeException e) {
      response.onError((e.retryable() ? Status.UNAVAILABLE : Status.INVALID_ARGUMENT)
          .withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (RuntimeException | StackOverflowError e) {
      throttled.error("receiver " + id + ": pipeline failed on a batch: " + e);
      response.onError(Status.INTERNAL.withDescription("relay failed to process the request").asRuntimeException());
      return;
    } finally {
      budget.release(request.length);
    }
    response.onNext(ok);
    response.onCompleted();
  }

  /** The running call's deadline and cancellation, for the pipeline (which knows nothing of gRPC). */
  private static RequestContext callContext() {
    io.grpc.Context call = io.grpc.Context.current();
    io.grpc.Deadline deadline = call.getDeadline();
    RequestContext context = RequestContext.EMPTY.withCancellation(call::isCancelled);
    if (!CallPool.onPool()) {
      context = context.nonBlocking(); // on the event loop: see callExecutor
    }
    java.util.Map<String, String> client = GrpcAuthInterceptor.CLIENT.get(call);
    if (client != null && !client.isEmpty()) {
      context = context.withAuth(client);
    }
    Map<String, List<String>> metadata = ClientMetadataInterceptor.METADATA.get(call);
    if (metadata != null) {
      context = context.withMetadata(metadata);
    }
    return deadline == null ? context : context.withDeadlineIn(deadline.timeRemaining(TimeUnit.NANOSECONDS));
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
    releaseResources(timeout);
  }

  /** After the server has stopped (or never started): the socket (unless a successor holds it), threads, TLS. */
  private void releaseResources(Duration timeout) {
    listener.release();
    transport.close(timeout);
    executor.shutdown();
    if (tls != null) {
      tls.close();
    }
  }

  @Override
  public String state() {
    return server != null && !server.isShutdown() ? "listening" : "stopped";
  }

  @Override
  public String describe() {
    return "OTLP/gRPC on " + config.endpoint() + (server != null && config.port() == 0 ? " (port " + port() + ")" : "")
        + (tls != null ? ", " + tls.describe() : "")
        + (config.auth() != null ? ", authenticated by " + config.auth().authenticator() : "");
  }
}
