package dev.relay.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How capabilities combine, and the safe default of a consumer that declares none. */
class CapabilitiesTest {
  private static final TracesConsumer NEVER = new TracesConsumer() {
    @Override
    public void consumeTraces(dev.relay.otlp.TracesBatch batch) {}

    @Override
    public Capabilities capabilities() {
      return Capabilities.NEVER_BLOCKS;
    }
  };

  @Test
  void aConsumerThatDeclaresNothingMayBlock() {
    TracesConsumer lambda = batch -> {};
    LogsConsumer logs = batch -> {};
    MetricsConsumer metrics = batch -> {};
    assertThat(lambda.capabilities()).isSameAs(Capabilities.MAY_BLOCK);
    assertThat(logs.capabilities().mayBlock()).isTrue();
    assertThat(metrics.capabilities().mayBlock()).isTrue();
  }

  @Test
  void aChainOrFanOutMayBlockWhenAnyPartMay() {
    assertThat(Capabilities.NEVER_BLOCKS.and(Capabilities.NEVER_BLOCKS)).isSameAs(Capabilities.NEVER_BLOCKS);
    assertThat(Capabilities.NEVER_BLOCKS.and(Capabilities.MAY_BLOCK)).isSameAs(Capabilities.MAY_BLOCK);
    assertThat(Capabilities.MAY_BLOCK.and(Capabilities.NEVER_BLOCKS)).isSameAs(Capabilities.MAY_BLOCK);
    assertThat(Capabilities.MAY_BLOCK.and(Capabilities.MAY_BLOCK)).isSameAs(Capabilities.MAY_BLOCK);

    assertThat(Capabilities.of(List.of(NEVER, NEVER, NEVER))).isSameAs(Capabilities.NEVER_BLOCKS);
    assertThat(Capabilities.of(List.of(NEVER, batch -> {}, NEVER))).isSameAs(Capabilities.MAY_BLOCK);
    assertThat(Capabilities.of(List.<TracesConsumer>of())).isSameAs(Capabilities.NEVER_BLOCKS);
  }

  @Test
  void valuesAreTheTwoConstants() {
    assertThat(Capabilities.of(true)).isSameAs(Capabilities.MAY_BLOCK);
    assertThat(Capabilities.of(false)).isSameAs(Capabilities.NEVER_BLOCKS);
    assertThat(new Capabilities(true)).isEqualTo(Capabilities.MAY_BLOCK);
  }

  @Test
  void consumersAnswerPerSignal() {
    Consumers c = new Consumers(NEVER, batch -> {}, null);
    assertThat(c.capabilities(dev.relay.otlp.Signal.TRACES)).isSameAs(Capabilities.NEVER_BLOCKS);
    assertThat(c.capabilities(dev.relay.otlp.Signal.LOGS)).isSameAs(Capabilities.MAY_BLOCK);
  }

  @Test
  void aNonBlockingContextStaysSoWhateverIsAdded() {
    RequestContext c = RequestContext.EMPTY.nonBlocking().withDeadlineIn(1_000_000_000L)
        .withCancellation(() -> false).withAuth(java.util.Map.of("username", "u"))
        .withMetadata(java.util.Map.of("k", List.of("v")));
    assertThat(c.isNonBlocking()).isTrue();
    assertThat(RequestContext.EMPTY.isNonBlocking()).isFalse();
  }
}
