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
}
