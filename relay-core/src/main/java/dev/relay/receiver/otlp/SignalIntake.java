package dev.relay.receiver.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.relay.otlp.Signal;
import dev.relay.consumer.Capabilities;
import dev.relay.consumer.Consumers;
import dev.relay.otlp.Batch;
import dev.relay.otlp.ItemLimits;
import dev.relay.consumer.ConsumeException;
import dev.relay.telemetry.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * Where a request of one signal enters the pipeline, over either transport: its bytes, validated but not decoded,
 * become the batch the signal's pipelines get, and the accepted and refused items are counted. The gRPC receiver
 * calls {@link #export} for {@code Export} calls; the HTTP receiver serves it as {@code POST /v1/traces},
 * {@code /v1/logs} or {@code /v1/metrics}.
 */
final class SignalIntake implements OtlpHttpSignal {
  /** Spans or log records over one of the receiver's {@code limits}, truncated or refused. */
  static final String OVER_LIMIT = "relay.receiver.limited.items";

  private final Signal signal;
  private final Consumers next;
  private final Counter accepted;
  private final Counter refused;
  private final ItemLimits limits;
  private final Counter overLimit;

  /** {@code transport} is the meters' tag: {@code grpc} or {@code http}. */
  SignalIntake(Signal signal, String receiver, String transport, Consumers next, MeterRegistry registry,
      ItemLimits limits) {
    this.signal = signal;
    this.next = next;
    this.limits = limits;
    this.overLimit = Meters.counter(registry, OVER_LIMIT, "receiver", receiver, "transport", transport, "signal",
        signal.configName(), "action", limits.truncate() ? "truncate" : "refuse");
    this.accepted = Meters.counter(registry, Meters.forSignal(Meters.RECEIVER_ACCEPTED, signal), "receiver",
        receiver, "transport", transport);
    this.refused = Meters.counter(registry, Meters.forSignal(Meters.RECEIVER_REFUSED, signal), "receiver",
        receiver, "transport", transport);
  }

  @Override
  public String name() {
    return signal.configName();
  }

  @Override
  public Message.Builder newRequestBuilder() {
    return switch (signal) {
      case TRACES -> ExportTraceServiceRequest.newBuilder();
      case LOGS -> ExportLogsServiceRequest.newBuilder();
      case METRICS -> ExportMetricsServiceRequest.newBuilder();
    };
  }

  @Override
  public void export(byte[] protobuf) throws InvalidProtocolBufferException {
    ItemLimits.Admitted admitted = limits.admit(signal, protobuf);
    Batch batch = admitted.batch();
    if (admitted.itemsOverLimit() > 0) {
      overLimit.increment(admitted.itemsOverLimit());
      if (!limits.truncate()) {
        refused.increment(batch.itemCount());
        throw ConsumeException.permanent("refused: " + admitted.firstViolation() + " (the receiver's limits)");
      }
    }
    try {
      next.consume(batch);
    } catch (RuntimeException | StackOverflowError e) {
      refused.increment(batch.itemCount());
      throw e;
    }
    accepted.increment(batch.itemCount());
  }

  /** What handing a request of this signal to the pipeline may do to the caller's thread; read per request. */
  @Override
  public Capabilities capabilities() {
    return next.capabilities(signal);
  }

  @Override
  public Message successResponse() {
    return switch (signal) {
      case TRACES -> ExportTraceServiceResponse.getDefaultInstance();
      case LOGS -> ExportLogsServiceResponse.getDefaultInstance();
      case METRICS -> ExportMetricsServiceResponse.getDefaultInstance();
    };
  }
}
