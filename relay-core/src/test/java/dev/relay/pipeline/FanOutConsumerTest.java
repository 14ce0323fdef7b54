package dev.relay.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relay.consumer.ConsumeException;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.TracesBatch;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutConsumerTest {
  @Test
  void everyConsumerGetsTheBatchAndTheMostRetryableFailureIsReported() {
    List<String> got = new ArrayList<>();
    TracesConsumer broken = b -> {
      throw new IllegalStateException("bug");
    };
    TracesConsumer full = b -> {
      throw ConsumeException.retryable("queue full");
    };
    TracesBatch batch = TracesBatch.of(ExportTraceServiceRequest.getDefaultInstance());
    ConsumeException e = catchThrowableOfType(ConsumeException.class, () -> FanOutConsumer
        .traces(List.of(broken, b -> got.add("a"), full, b -> got.add("b"))).consumeTraces(batch));
    assertThat(got).containsExactly("a", "b");
    assertThat(e.retryable()).isTrue();
    ConsumeException permanent = catchThrowableOfType(ConsumeException.class,
        () -> FanOutConsumer.traces(List.of(broken, b -> got.add("c"))).consumeTraces(batch));
    assertThat(permanent.retryable()).isFalse();
    assertThat(got).containsExactly("a", "b", "c");
  }
}
