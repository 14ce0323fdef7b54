package dev.relay.exporter.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.relay.exporter.ExportException;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
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

  @Test
  void absurdRetryDelaysAreCappedAtAnHour() {
    assertThat(OtlpGrpcSender.classify(withRetryInfo(Code.UNAVAILABLE, 100_000_000_000L)).retryAfter())
        .isEqualTo(Duration.ofHours(1));
    assertThat(OtlpGrpcSender.classify(withRetryInfo(Code.UNAVAILABLE, -5)).retryAfter()).isEqualTo(Duration.ZERO);
  }
}
