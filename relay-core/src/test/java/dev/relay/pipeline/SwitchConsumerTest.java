package dev.relay.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.consumer.Consumers;
import dev.relay.otlp.TracesBatch;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The invariant a reload relies on: once a replaced route is idle, no batch ever reaches it again; and every batch
 * reaches exactly one route, also while the switch is held.
 */
class SwitchConsumerTest {
  private static final TracesBatch BATCH = TracesBatch.of(ExportTraceServiceRequest.getDefaultInstance());

  /** A route's consumer that fails the test if it is called after it was retired. */
  private static final class Target {
    final AtomicBoolean retired = new AtomicBoolean();
    final AtomicLong calls = new AtomicLong();
    final AtomicInteger lateCalls = new AtomicInteger();

    Consumers consumers() {
      return new Consumers(b -> {
        if (retired.get()) {
          lateCalls.incrementAndGet();
        }
        calls.incrementAndGet();
      }, null, null);
    }
  }

  @Test
  void noBatchReachesARouteAfterItWasSeenIdle() throws Exception {
    Target first = new Target();
    SwitchConsumer input = new SwitchConsumer(first.consumers());
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong sent = new AtomicLong();
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread s = new Thread(() -> {
        for (long i = 0; i < 1_000_000_000L && running.get(); i++) {
          input.consumeTraces(BATCH);
          sent.incrementAndGet();
        }
      });
      senders.add(s);
      s.start();
    }
    List<Target> targets = new ArrayList<>(List.of(first));
    for (int r = 0; r < 200; r++) {
      Target current = targets.get(r);
      dev.relay.testing.Await.until(java.time.Duration.ofSeconds(10), "batches on route " + r,
          () -> current.calls.get() > 0);
      Target next = new Target();
      targets.add(next);
      SwitchConsumer.Route old;
      if (r % 10 == 0) {
        CountDownLatch held = new CountDownLatch(1);
        old = input.hold(held);
        assertThat(SwitchConsumer.awaitIdle(old, System.nanoTime() + 5_000_000_000L)).isTrue();
        targets.get(r).retired.set(true);
        input.switchTo(next.consumers());
        held.countDown();
      } else {
        old = input.switchTo(next.consumers());
        assertThat(SwitchConsumer.awaitIdle(old, System.nanoTime() + 5_000_000_000L)).isTrue();
        targets.get(r).retired.set(true);
      }
    }
    running.set(false);
    for (Thread s : senders) {
      s.join(10_000);
    }
    assertThat(targets).allSatisfy(t -> assertThat(t.lateCalls.get()).isZero());
    assertThat(targets.stream().mapToLong(t -> t.calls.get()).sum()).isEqualTo(sent.get());
    assertThat(targets.subList(0, 200)).as("every replaced route carried batches").allSatisfy(t ->
        assertThat(t.calls.get()).isPositive());
  }

  @Test
  void capabilitiesAreTheRouteInForceAndAHeldRouteMayBlock() {
    Target target = new Target();
    SwitchConsumer input = new SwitchConsumer(
        new SwitchConsumer.Target(target.consumers(), dev.relay.consumer.Capabilities.NEVER_BLOCKS));
    assertThat(input.capabilities()).isSameAs(dev.relay.consumer.Capabilities.NEVER_BLOCKS);
    input.switchTo(new SwitchConsumer.Target(target.consumers(), dev.relay.consumer.Capabilities.MAY_BLOCK));
    assertThat(input.capabilities()).isSameAs(dev.relay.consumer.Capabilities.MAY_BLOCK);
    input.switchTo(new SwitchConsumer.Target(target.consumers(), dev.relay.consumer.Capabilities.NEVER_BLOCKS));
    input.hold(new CountDownLatch(1));
    assertThat(input.capabilities()).isSameAs(dev.relay.consumer.Capabilities.MAY_BLOCK);
    assertThat(new SwitchConsumer(target.consumers()).capabilities())
        .isSameAs(dev.relay.consumer.Capabilities.MAY_BLOCK);
  }

  /**
   * A call a receiver runs on its event loop that meets a route that may block (a reload switched, or held, in
   * between) is refused at once, retryable, and reaches nothing; other calls go on as before.
   */
  @Test
  void anEventLoopCallIsRefusedOnARouteThatMayBlock() {
    Target blocking = new Target();
    SwitchConsumer input = new SwitchConsumer(
        new SwitchConsumer.Target(blocking.consumers(), dev.relay.consumer.Capabilities.MAY_BLOCK));
    dev.relay.consumer.RequestContext onLoop = dev.relay.consumer.RequestContext.EMPTY.nonBlocking();
    try (var ignored = onLoop.makeCurrent()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> input.consumeTraces(BATCH))
          .isInstanceOfSatisfying(dev.relay.consumer.ConsumeException.class, e -> assertThat(e.retryable()).isTrue());
    }
    assertThat(blocking.calls.get()).isZero();
    input.consumeTraces(BATCH); // off the event loop: it may wait
    assertThat(blocking.calls.get()).isEqualTo(1);

    CountDownLatch held = new CountDownLatch(1);
    input.hold(held);
    long start = System.nanoTime();
    try (var ignored = onLoop.makeCurrent()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> input.consumeTraces(BATCH))
          .isInstanceOf(dev.relay.consumer.ConsumeException.class);
    }
    assertThat(System.nanoTime() - start).as("refused without waiting for the hold")
        .isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));

    Target free = new Target();
    input.switchTo(new SwitchConsumer.Target(free.consumers(), dev.relay.consumer.Capabilities.NEVER_BLOCKS));
    held.countDown();
    try (var ignored = onLoop.makeCurrent()) {
      input.consumeTraces(BATCH);
    }
    assertThat(free.calls.get()).isEqualTo(1);
    assertThat(blocking.calls.get()).isEqualTo(1);
  }
}
