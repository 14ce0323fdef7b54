package dev.relay.receiver.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.TracesBatch;
import dev.relay.telemetry.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/** {@code POST /v1/traces}: the body's bytes, validated but not decoded, become the batch the pipeline gets. */
final class TracesHttpSignal implements OtlpHttpSignal {
  private final TracesConsumer next;
  private final Counter accepted;
  private final Counter refused;

  TracesHttpSignal(String receiver, TracesConsumer next, MeterRegistry registry) {
    this.next = next;
    this.accepted = Meters.counter(registry, Meters.RECEIVER_ACCEPTED_SPANS, "receiver", receiver, "transport", "http");
    this.refused = Meters.counter(registry, Meters.RECEIVER_REFUSED_SPANS, "receiver", receiver, "transport", "http");
  }

  @Override
  public String name() {
    return "traces";
  }

  @Override
  public Message.Builder newRequestBuilder() {
    return ExportTraceServiceRequest.newBuilder();
  }

  @Override
  public void export(byte[] protobuf) throws InvalidProtocolBufferException {
    TracesBatch batch = TracesBatch.fromWire(protobuf);
    try {
      next.consumeTraces(batch);
    } catch (RuntimeException | StackOverflowError e) {
      refused.increment(batch.spanCount());
      throw e;
    }
    accepted.increment(batch.spanCount());
  }

  @Override
  public Message successResponse() {
    return ExportTraceServiceResponse.getDefaultInstance();
  }
}
