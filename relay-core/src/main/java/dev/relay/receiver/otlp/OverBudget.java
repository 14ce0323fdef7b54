package dev.relay.receiver.otlp;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import dev.relay.component.InFlightBudget;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * A gRPC call refused because the in-flight budget is spent: {@code UNAVAILABLE}, which OTLP clients retry, with a
 * {@code RetryInfo} asking for {@value #RETRY_AFTER_SECONDS} s, as HTTP's {@code Retry-After}.
 */
final class OverBudget {
  static final int RETRY_AFTER_SECONDS = ErrorResponses.RETRY_AFTER_SECONDS;

  private OverBudget() {}

  static StatusRuntimeException grpcStatus(InFlightBudget budget) {
    return StatusProto.toStatusRuntimeException(Status.newBuilder()
        .setCode(Code.UNAVAILABLE_VALUE)
        .setMessage("the relay has too much request data in flight (its budget is " + budget.limit()
            + " bytes); retry later")
        .addDetails(Any.pack(RetryInfo.newBuilder()
            .setRetryDelay(Duration.newBuilder().setSeconds(RETRY_AFTER_SECONDS)).build()))
        .build());
  }
}
