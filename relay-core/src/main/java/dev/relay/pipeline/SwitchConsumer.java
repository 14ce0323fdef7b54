package dev.relay.pipeline;

import dev.relay.consumer.ConsumeException;
import dev.relay.consumer.Consumers;
import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.consumer.RequestContext;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.TracesBatch;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * What a receiver feeds: a route to its pipelines that a reload replaces in one volatile write. A batch takes the
 * route in force when it arrives and finishes on it, so a reload waits until the old route is idle
 * ({@link #awaitIdle}) before it retires the components behind it. Per batch this costs a volatile read and two
 * atomic updates, never a lock. A route can also be held: batches wait (bounded) until the next route is
 * published, while a persistent queue's directory passes from an old exporter to its successor.
 */
final class SwitchConsumer implements TracesConsumer, LogsConsumer, MetricsConsumer {
  /** How long a batch waits for a held route before the client is told to retry. */
  static final long HOLD_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final int MAX_ROUTE_CHANGES_SEEN = 1_000;

  /** One route: the pipelines' consumers, how many batches are on it, and (when held) what to wait for. */
  static final class Route {
    final Consumers target;
    final CountDownLatch released;
    final AtomicInteger inFlight = new AtomicInteger();

    private Route(Consumers target, CountDownLatch released) {
      this.target = target;
      this.released = released;
    }
  }

  private volatile Route route;

  SwitchConsumer(Consumers target) {
    this.route = new Route(target, null);
  }

  /** Starts held: batches wait for {@code released}, then take the route published by then. */
  SwitchConsumer(CountDownLatch released) {
    this.route = new Route(null, released);
  }

  /** Sends new batches to {@code target}; returns the route it replaced. */
  Route switchTo(Consumers target) {
    Route old = route;
    route = new Route(target, null);
    return old;
  }

  /** Makes new batches wait for {@code released} (and a later {@link #switchTo}); returns the route it replaced. */
  Route hold(CountDownLatch released) {
    Route old = route;
    route = new Route(null, released);
    return old;
  }

  /** The route in force. */
  Route current() {
    return route;
  }

  /** Waits until no batch is on {@code old} any more, or the deadline passes; returns whether it is idle. */
  static boolean awaitIdle(Route old, long deadlineNanos) {
    while (old.inFlight.get() > 0) {
      if (System.nanoTime() - deadlineNanos >= 0) {
        return false;
      }
      LockSupport.parkNanos(200_000);
    }
    return true;
  }

  @Override
  public void consumeTraces(TracesBatch batch) {
    Route r = enter();
    try {
      r.target.traces().consumeTraces(batch);
    } finally {
      r.inFlight.decrementAndGet();
    }
  }

  @Override
  public void consumeLogs(LogsBatch batch) {
    Route r = enter();
    try {
      r.target.logs().consumeLogs(batch);
    } finally {
      r.inFlight.decrementAndGet();
    }
  }

  @Override
  public void consumeMetrics(MetricsBatch batch) {
    Route r = enter();
    try {
      r.target.metrics().consumeMetrics(batch);
    } finally {
      r.inFlight.decrementAndGet();
    }
  }

  /**
   * Joins the route in force. Counting first and checking after closes the race with a switch: a batch counted on
   * a route that was replaced meanwhile leaves it and takes the new one, so a reload that saw the old route idle
   * saw every batch that will ever use it.
   */
  private Route enter() {
    for (int seen = 0; seen < MAX_ROUTE_CHANGES_SEEN; seen++) {
      Route r = route;
      if (r.released != null) {
        awaitRelease(r.released);
        continue;
      }
      r.inFlight.incrementAndGet();
      if (route == r) {
        return r;
      }
      r.inFlight.decrementAndGet();
    }
    throw ConsumeException.retryable("the relay is applying a new configuration; retry");
  }

  private static void awaitRelease(CountDownLatch released) {
    long wait = Math.min(HOLD_LIMIT_NANOS, Math.max(0, RequestContext.current().timeLeftNanos()));
    try {
      if (!released.await(wait, TimeUnit.NANOSECONDS)) {
        throw ConsumeException.retryable("the relay is applying a new configuration; retry");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ConsumeException.retryable("interrupted while the relay applied a new configuration");
    }
  }
}
