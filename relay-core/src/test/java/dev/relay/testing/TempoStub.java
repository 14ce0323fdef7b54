package dev.relay.testing;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The Tempo stand-in: a real OTLP/gRPC TraceService on a loopback port that decodes and records every request, and
 * can be told to fail the next calls with given statuses, or be stopped and restarted on the same port.
 */
public final class TempoStub implements AutoCloseable {
  /** A request as it arrived: its bytes (after any gRPC decompression) and their decoded form. */
  private record Raw(byte[] bytes, ExportTraceServiceRequest request) {}

  private static final MethodDescriptor.Marshaller<Raw> RAW = new MethodDescriptor.Marshaller<>() {
    @Override
    public java.io.InputStream stream(Raw value) {
      return new java.io.ByteArrayInputStream(value.bytes());
    }

    @Override
    public Raw parse(java.io.InputStream stream) {
      try {
        byte[] bytes = stream.readAllBytes();
        return new Raw(bytes, ExportTraceServiceRequest.parseFrom(bytes));
      } catch (IOException e) {
        throw io.grpc.Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
      }
    }
  };

  private static final MethodDescriptor<Raw, ExportTraceServiceResponse> EXPORT =
      MethodDescriptor.<Raw, ExportTraceServiceResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
          .setRequestMarshaller(RAW)
          .setResponseMarshaller(ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
          .build();

  private static final MethodDescriptor<ExportLogsServiceRequest, ExportLogsServiceResponse> LOGS_EXPORT =
      MethodDescriptor.<ExportLogsServiceRequest, ExportLogsServiceResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("opentelemetry.proto.collector.logs.v1.LogsService/Export")
          .setRequestMarshaller(ProtoUtils.marshaller(ExportLogsServiceRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(ExportLogsServiceResponse.getDefaultInstance()))
          .build();
  private static final MethodDescriptor<ExportMetricsServiceRequest, ExportMetricsServiceResponse> METRICS_EXPORT =
      MethodDescriptor.<ExportMetricsServiceRequest, ExportMetricsServiceResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("opentelemetry.proto.collector.metrics.v1.MetricsService/Export")
          .setRequestMarshaller(ProtoUtils.marshaller(ExportMetricsServiceRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(ExportMetricsServiceResponse.getDefaultInstance()))
          .build();

  private final int port;
  private final List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();
  private final List<ExportLogsServiceRequest> logRequests = new CopyOnWriteArrayList<>();
  private final List<ExportMetricsServiceRequest> metricRequests = new CopyOnWriteArrayList<>();
  private final List<byte[]> rawRequests = new CopyOnWriteArrayList<>();
  private final List<Metadata> headers = new CopyOnWriteArrayList<>();
  /** The headers of each accepted trace request, in step with {@code requests} (both written under this list). */
  private final List<Metadata> requestHeaders = new ArrayList<>();
  private static final io.grpc.Context.Key<Metadata> CALL_HEADERS = io.grpc.Context.key("tempo-stub-headers");
  private final ConcurrentLinkedQueue<Supplier<StatusRuntimeException>> failures = new ConcurrentLinkedQueue<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  private volatile long delayNanos;
  private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);
  private Server server;
  private io.netty.handler.ssl.SslContext sslContext;

  private TempoStub(int port) {
    this.port = port;
  }

  public static TempoStub start() {
    TempoStub t = new TempoStub(FreePorts.next());
    t.startServer();
    return t;
  }

  /**
   * A stub that speaks TLS with {@code cert} and {@code key}; with a {@code clientCa}, it also requires a client
   * certificate signed by that CA. {@code protocols} limit its TLS versions (e.g. {@code TLSv1.2}); none: Netty's.
   */
  public static TempoStub startTls(java.nio.file.Path cert, java.nio.file.Path key, java.nio.file.Path clientCa,
      String... protocols) {
    TempoStub t = new TempoStub(FreePorts.next());
    try {
      var ssl = io.grpc.netty.GrpcSslContexts.forServer(cert.toFile(), key.toFile());
      if (clientCa != null) {
        ssl.trustManager(clientCa.toFile()).clientAuth(io.netty.handler.ssl.ClientAuth.REQUIRE);
      }
      if (protocols.length > 0) {
        ssl.protocols(protocols);
      }
      t.sslContext = ssl.build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException(e);
    }
    t.startServer();
    return t;
  }

  /** A stub on a free port that is not listening yet (Tempo down at relay start). */
  public static TempoStub notStarted() {
    return new TempoStub(FreePorts.next());
  }

  public synchronized void startServer() {
    ServerServiceDefinition service = ServerServiceDefinition.builder("opentelemetry.proto.collector.trace.v1.TraceService")
        .addMethod(EXPORT, ServerCalls.asyncUnaryCall((raw, obs) -> {
          arrivals.add(System.nanoTime());
          calls.incrementAndGet();
          try {
            gate.await();
            long delay = delayNanos;
            if (delay > 0) {
              TimeUnit.NANOSECONDS.sleep(delay); // a slow Tempo: the answer takes this long
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          Supplier<StatusRuntimeException> failure = failures.poll();
          if (failure != null) {
            obs.onError(failure.get());
            return;
          }
          synchronized (requestHeaders) {
            requests.add(raw.request());
            requestHeaders.add(CALL_HEADERS.get());
          }
          rawRequests.add(raw.bytes());
          obs.onNext(ExportTraceServiceResponse.getDefaultInstance());
          obs.onCompleted();
        }))
        .build();
    // An OTLP backend also takes logs and metrics (a Collector or Loki/Mimir behind one endpoint); Tempo itself
    // does not, but the relay's OTLP exporter sends whichever signals its pipelines carry.
    ServerServiceDefinition logs = ServerServiceDefinition.builder("opentelemetry.proto.collector.logs.v1.LogsService")
        .addMethod(LOGS_EXPORT, ServerCalls.asyncUnaryCall((req, obs) -> {
          logRequests.add(req);
          obs.onNext(ExportLogsServiceResponse.getDefaultInstance());
          obs.onCompleted();
        }))
        .build();
    ServerServiceDefinition metrics =
        ServerServiceDefinition.builder("opentelemetry.proto.collector.metrics.v1.MetricsService")
            .addMethod(METRICS_EXPORT, ServerCalls.asyncUnaryCall((req, obs) -> {
              metricRequests.add(req);
              obs.onNext(ExportMetricsServiceResponse.getDefaultInstance());
              obs.onCompleted();
            }))
            .build();
    ServerInterceptor captureHeaders = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata md, ServerCallHandler<Q, R> next) {
        headers.add(md);
        return io.grpc.Contexts.interceptCall(io.grpc.Context.current().withValue(CALL_HEADERS, md), call, md, next);
      }
    };
    try {
      NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
          .addService(ServerInterceptors.intercept(service, captureHeaders))
          .addService(logs)
          .addService(metrics)
          .maxInboundMessageSize(16 * 1024 * 1024)
          // As Tempo's OTLP receiver (the Collector's configgrpc): gzip and zstd.
          .decompressorRegistry(dev.relay.compression.GrpcCodecs.decompressors());
      if (sslContext != null) {
        builder.sslContext(sslContext);
      }
      server = builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized void stopServer() {
    if (server != null) {
      server.shutdownNow();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server = null;
    }
  }

  /** Holds every call without answering until {@link #release()}: a Tempo that has stopped responding. */
  public void hold() {
    gate = new java.util.concurrent.CountDownLatch(1);
  }

  public void release() {
    gate.countDown();
  }

  /** Every call (after any {@link #hold()}) is answered only after {@code delay}: a slow Tempo. */
  public void delay(java.time.Duration delay) {
    delayNanos = delay.toNanos();
  }

  /** The next calls fail with these errors, one each, in order. */
  @SafeVarargs
  public final void failNext(Supplier<StatusRuntimeException>... errors) {
    failures.addAll(List.of(errors));
  }

  public String endpoint() {
    return "127.0.0.1:" + port;
  }

  public int calls() {
    return calls.get();
  }

  /** The {@link System#nanoTime()} at which each call reached the stub, in order, failed ones included. */
  public List<Long> arrivals() {
    return List.copyOf(arrivals);
  }

  public List<ExportTraceServiceRequest> requests() {
    return List.copyOf(requests);
  }

  /** Every log record received, in order. */
  public List<LogRecord> logRecords() {
    List<LogRecord> out = new ArrayList<>();
    for (ExportLogsServiceRequest r : logRequests) {
      for (ResourceLogs rl : r.getResourceLogsList()) {
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          out.addAll(sl.getLogRecordsList());
        }
      }
    }
    return out;
  }

  public List<ExportLogsServiceRequest> logRequests() {
    return List.copyOf(logRequests);
  }

  public List<ExportMetricsServiceRequest> metricRequests() {
    return List.copyOf(metricRequests);
  }

  /** The bytes of each accepted request, as the relay sent them (after gRPC's own decompression). */
  public List<byte[]> rawRequests() {
    return List.copyOf(rawRequests);
  }

  public List<Metadata> headers() {
    return List.copyOf(headers);
  }

  /** Each accepted trace request with the headers it came with, in the order they were accepted. */
  public List<Received> received() {
    synchronized (requestHeaders) {
      List<Received> out = new ArrayList<>();
      List<ExportTraceServiceRequest> all = List.copyOf(requests);
      for (int i = 0; i < all.size(); i++) {
        out.add(new Received(requestHeaders.get(i), all.get(i)));
      }
      return out;
    }
  }

  /** One accepted trace request and its headers. */
  public record Received(Metadata headers, ExportTraceServiceRequest request) {
    /** The value of header {@code name}, or null. */
    public String header(String name) {
      return headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
    }
  }

  public List<Span> spans() {
    List<Span> out = new ArrayList<>();
    for (ExportTraceServiceRequest r : requests) {
      for (ResourceSpans rs : r.getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          out.addAll(ss.getSpansList());
        }
      }
    }
    return out;
  }

  public int spanCount() {
    int n = 0;
    for (ExportTraceServiceRequest r : requests) {
      for (ResourceSpans rs : r.getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          n += ss.getSpansCount();
        }
      }
    }
    return n;
  }

  @Override
  public void close() {
    release();
    stopServer();
  }
}
