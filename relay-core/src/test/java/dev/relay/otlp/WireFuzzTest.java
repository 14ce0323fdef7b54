package dev.relay.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * The wire validator, the per-item limits on the wire and the OTLP JSON reader, on any input: they either accept it
 * or refuse it with their own exception, never anything else; what the validator accepts, protobuf-java parses, and
 * what the limits rewrite is still valid and within them. Inputs: {@code WireFuzzTestInputs/} beside this class.
 */
class WireFuzzTest {
  private static final ItemLimits TIGHT = new ItemLimits(2, 3, 1, 1, true);

  @FuzzTest(maxDuration = "10s")
  void tracesOnTheWire(byte[] bytes) throws Exception {
    Batch batch;
    try {
      batch = Batch.fromWire(Signal.TRACES, bytes);
    } catch (InvalidProtocolBufferException e) {
      return;
    }
    ExportTraceServiceRequest parsed = ExportTraceServiceRequest.parseFrom(bytes);
    assertAdmitIsCheckThenApply(Signal.TRACES, bytes, batch);
    byte[] limited = TIGHT.apply(Signal.TRACES, bytes).bytes();
    Batch again = Batch.fromWire(Signal.TRACES, limited);
    assertThat(again.itemCount()).isEqualTo(batch.itemCount());
    assertThat(TIGHT.apply(Signal.TRACES, limited).itemsOverLimit()).isZero();
    assertThat(parsed.getResourceSpansCount()).isEqualTo(
        ExportTraceServiceRequest.parseFrom(limited).getResourceSpansCount());
  }

  @FuzzTest(maxDuration = "10s")
  void logsOnTheWire(byte[] bytes) throws Exception {
    Batch batch;
    try {
      batch = Batch.fromWire(Signal.LOGS, bytes);
    } catch (InvalidProtocolBufferException e) {
      return;
    }
    ExportLogsServiceRequest.parseFrom(bytes);
    assertAdmitIsCheckThenApply(Signal.LOGS, bytes, batch);
    byte[] limited = TIGHT.apply(Signal.LOGS, bytes).bytes();
    assertThat(TIGHT.apply(Signal.LOGS, Batch.fromWire(Signal.LOGS, limited).bytes()).itemsOverLimit()).isZero();
  }

  /** The receiver's one walk ({@link ItemLimits#admit}) ends as the check and then the exact limits would. */
  private static void assertAdmitIsCheckThenApply(Signal signal, byte[] bytes, Batch checked) throws Exception {
    for (ItemLimits limits : new ItemLimits[] {TIGHT, ItemLimits.NONE, new ItemLimits(128, 0, 128, 128, false)}) {
      ItemLimits.Outcome exact = limits.apply(signal, bytes);
      ItemLimits.Admitted admitted = limits.admit(signal, bytes);
      assertThat(admitted.itemsOverLimit()).isEqualTo(exact.itemsOverLimit());
      assertThat(admitted.firstViolation()).isEqualTo(exact.firstViolation());
      assertThat(admitted.batch().bytes()).isEqualTo(exact.bytes());
      assertThat(admitted.batch().itemCount()).isEqualTo(checked.itemCount());
    }
  }

  @FuzzTest(maxDuration = "10s")
  void otlpJson(byte[] json) throws Exception {
    ExportTraceServiceRequest.Builder b;
    try {
      b = OtlpJson.merge(json, ExportTraceServiceRequest.newBuilder());
    } catch (OtlpJsonException e) {
      return;
    }
    byte[] wire = b.build().toByteArray();
    try {
      Batch.fromWire(Signal.TRACES, wire);
    } catch (InvalidProtocolBufferException e) {
      // a wrong-length id is valid JSON and refused on the wire, as documented
    }
  }
}
