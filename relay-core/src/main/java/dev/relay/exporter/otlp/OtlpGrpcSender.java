package dev.relay.exporter.otlp;

import dev.relay.config.Secret;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import dev.relay.auth.ClientAuthenticator;
import dev.relay.compression.GrpcCodecs;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.exporter.BatchSender;
import dev.relay.exporter.ExportException;
import dev.relay.net.QuietEventLoops;
import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.otlp.Batch;
import dev.relay.telemetry.ThrottlingLogger;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends merged trace requests over one gRPC channel; maps gRPC statuses to OTLP's retry rules. */
final class OtlpGrpcSender implements BatchSender {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpGrpcSender.class);
  /** Codes OTLP says to retry; RESOURCE_EXHAUSTED only with RetryInfo, handled separately. */
  private static final Set<Status.Code> RETRYABLE = Set.of(
      Status.Code.CANCELLED, Status.Code.DEADLINE_EXCEEDED, Status.Code.ABORTED, Status.Code.OUT_OF_RANGE,
      Status.Code.UNAVAILABLE, Status.Code.DATA_LOSS);

  static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);

  private final ComponentId id;
  private final OtlpExporterConfig config;
  private final ThrottlingLogger throttled = new ThrottlingLogger(LOG);
  private final Counter rejectedSpans;
  private final Counter rejectedLogRecords;
  private final Counter rejectedDataPoints;
  /** Headers of the {@code auth} authenticator, asked for each call (a token file may change); null: none. */
  private final ClientAuthenticator auth;
  private ManagedChannel channel;
  private Channel intercepted;
  private CallOptions callOptions;

  OtlpGrpcSender(ComponentId id, OtlpExporterConfig config, TelemetrySettings telemetry) {
    this.id = id;
    this.config = config;
    this.auth = config.auth() == null ? null : telemetry.authenticators().client(config.auth().authenticator());
    this.rejectedSpans = Counter.builder("relay.exporter.partial.rejected.spans")
        .tag("exporter", id.toString()).register(telemetry.meterRegistry());
    this.rejectedLogRecords = Counter.builder("relay.exporter.partial.rejected.log.records")
        .tag("exporter", id.toString()).register(telemetry.meterRegistry());
    this.rejectedDataPoints = Counter.builder("relay.exporter.partial.rejected.metric.points")
        .tag("exporter", id.toString()).register(telemetry.meterRegistry());
  }

  @Override
  public void start() throws IOException {
    // The relay's shared client loops, which sleep while a connection is idle (grpc-java's own wake every second).
    QuietEventLoops.ClientTransport transport = QuietEventLoops.client();
    channel = NettyChannelBuilder.forTarget(config.target(), GrpcClientTls.credentials(config.tls()))
        .eventLoopGroup(transport.group())
        .channelType(transport.channelType())
        .maxInboundMessageSize(4 * 1024 * 1024)
        .compressorRegistry(GrpcCodecs.compressors(config.compression()))
        // The response only completes the future a consumer thread waits on: done on the event loop that read it,
        // instead of handing it to gRPC's executor thread first (one thread wake-up less per send).
        .directExecutor()
        .build();
    Metadata headers = new Metadata();
    for (Map.Entry<String, Secret> h : config.headers().entrySet()) {
      headers.put(Metadata.Key.of(h.getKey(), Metadata.ASCII_STRING_MARSHALLER), h.getValue().reveal());
    }
    intercepted = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    if (auth != null) {
      intercepted = ClientInterceptors.intercept(intercepted, new AuthHeaders(auth));
    }
    callOptions = config.compression().enabled()
        ? CallOptions.DEFAULT.withCompression(config.compression().type().encoding()) : CallOptions.DEFAULT;
  }

  @Override
  public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
    byte[][] payload = parts(batches);
    // gRPC waits up to two minutes between reconnects of its own; the exporter's retry policy decides instead,
    // so a Tempo that comes back is used at the next retry.
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    }
    CompletableFuture<Void> result = new CompletableFuture<>();
    CallOptions options = callOptions.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    switch (batches.get(0).signal()) {
      case TRACES -> call(OtlpGrpcMethods.TRACE_EXPORT_PARTS, options, payload, result, r -> {
        if (r.hasPartialSuccess() && r.getPartialSuccess().getRejectedSpans() > 0) {
          partial(rejectedSpans, r.getPartialSuccess().getRejectedSpans(), "spans",
              r.getPartialSuccess().getErrorMessage());
        }
      });
      case LOGS -> call(OtlpGrpcMethods.LOGS_EXPORT_PARTS, options, payload, result, r -> {
        if (r.hasPartialSuccess() && r.getPartialSuccess().getRejectedLogRecords() > 0) {
          partial(rejectedLogRecords, r.getPartialSuccess().getRejectedLogRecords(), "log records",
              r.getPartialSuccess().getErrorMessage());
        }
      });
      case METRICS -> call(OtlpGrpcMethods.METRICS_EXPORT_PARTS, options, payload, result, r -> {
        if (r.hasPartialSuccess() && r.getPartialSuccess().getRejectedDataPoints() > 0) {
          partial(rejectedDataPoints, r.getPartialSuccess().getRejectedDataPoints(), "data points",
              r.getPartialSuccess().getErrorMessage());
        }
      });
    }
    return result;
  }

  /** partial_success is logged (throttled) and counted, never retried: the destination has decided. */
  private void partial(Counter counter, long rejected, String what, String message) {
    counter.increment(rejected);
    throttled.warn("exporter " + id + ": destination rejected " + rejected + " " + what + ": " + message);
  }

  private <R> void call(MethodDescriptor<byte[][], R> method, CallOptions options, byte[][] payload,
      CompletableFuture<Void> result, java.util.function.Consumer<R> onResponse) {
    // Sent from a receiving thread (no sending queue), a call would inherit the received call's gRPC Context: its
    // deadline, and its cancellation when the client goes away. The export is the relay's, not the client's.
    Context.ROOT.run(() -> ClientCalls.asyncUnaryCall(intercepted.newCall(method, options), payload,
        new StreamObserver<R>() {
          @Override
          public void onNext(R response) {
            onResponse.accept(response);
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(classify(t));
          }

          @Override
          public void onCompleted() {
            result.complete(null);
          }
        }));
  }

  /** One request from many: serialized requests concatenate into one valid request, sent part after part. */
  static byte[][] parts(List<Batch> batches) {
    byte[][] parts = new byte[batches.size()][];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = batches.get(i).bytes();
    }
    return parts;
  }

  static ExportException classify(Throwable t) {
    Status status = Status.fromThrowable(t);
    String message = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    if (RETRYABLE.contains(status.getCode())) {
      return ExportException.retryable(message, t, retryDelay(t));
    }
    if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
      Duration delay = retryDelay(t);
      if (delay != null) {
        return ExportException.retryable(message, t, delay);
      }
    }
    return ExportException.permanent(message, t);
  }

  /** The {@code RetryInfo.retry_delay} in the status details, or null. */
  static Duration retryDelay(Throwable t) {
    com.google.rpc.Status details = StatusProto.fromThrowable(t);
    if (details == null) {
      return null;
    }
    for (com.google.protobuf.Any any : details.getDetailsList()) {
      if (any.is(RetryInfo.class)) {
        try {
          var d = any.unpack(RetryInfo.class).getRetryDelay();
          // A peer may ask for anything; more than an hour is treated as an hour.
          if (d.getSeconds() < 0 || d.getNanos() < 0) {
            return Duration.ZERO;
          }
          return d.getSeconds() >= MAX_RETRY_DELAY.getSeconds()
              ? MAX_RETRY_DELAY : Duration.ofSeconds(d.getSeconds(), d.getNanos());
        } catch (InvalidProtocolBufferException e) {
          return null;
        }
      }
    }
    return null;
  }

  @Override
  public void shutdown(Duration remaining) {
    if (channel != null) {
      channel.shutdown();
      try {
        // Only the shutdown timeout's remainder: a call still waiting on a destination that does not answer has been
        // counted as not delivered already, and must not hold shutdown past service.shutdown_timeout.
        if (!channel.awaitTermination(Math.max(0, remaining.toNanos()), TimeUnit.NANOSECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String state() {
    return channel == null ? "stopped" : channel.getState(false).name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String describe() {
    return "OTLP/gRPC to " + config.target() + (config.insecure() ? " (plaintext" : " (TLS")
        + (config.compression().enabled() ? ", " + config.compression() + ")" : ")");
  }
}
