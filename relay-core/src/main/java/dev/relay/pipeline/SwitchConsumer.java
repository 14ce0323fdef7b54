package dev.relay.pipeline;

import dev.relay.consumer.Capabilities;
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
 *
 * <p>Its {@link #capabilities()} are the route's in force, which the graph computed from every component on it; a
 * held route may block. A receiver reads them per request to choose where to run it. A call that the receiver runs
 * on its event loop ({@link RequestContext#isNonBlocking()}) but that meets a route that may block (a reload
 * switched in between) is refused with a retryable error rather than blocking the event loop.
 */
final class SwitchConsumer implements TracesConsumer, LogsConsumer, MetricsConsumer {
  /** How long a batch waits for a held route before the client is told to retry. */
  static final long HOLD_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final int MAX_ROUTE_CHANGES_SEEN = 1_000;

  /** Where a route leads: the pipelines' consumers, and what calling them may do (computed by the graph). */
  record Target(Consumers consumers, Capabilities capabilities) {}

  /** One route: its target, how many batches are on it, and (when held) what to wait for. */
  static final class Route {
    final Consumers target;
    final Capabilities capabilities;
    final CountDownLatch released;
    final AtomicInteger inFlight = new AtomicInteger();

    private Route(Target target, CountDownLatch released) {
      this.target = target == null ? null : target.consumers();
      // A held route makes batches wait for the hand-over.
      this.capabilities = target == null ? Capabilities.MAY_BLOCK : target.capabilities();
      this.released = released;
    }
  }

  private volatile Route route;

  SwitchConsumer(Target target) {
    this.route = new Route(target, null);
  }

  /** A route to {@code target} of which nothing is known: it may block. */
  SwitchConsumer(Consumers target) {
    this(new Target(target, Capabilities.MAY_BLOCK));
  }

  /** Starts held: batches wait for {@code released}, then take the route published by then. */
  SwitchConsumer(CountDownLatch released) {
    this.route = new Route(null, released);
  }

  /** Sends new batches to {@code target}; returns the route it replaced. */
  Route switchTo(Target target) {
    Route old = route;
    route = new Route(target, null);
    return old;
  }

  /** {@link #switchTo(Target)} a target of which nothing is known: it may block. */
  Route switchTo(Consumers target) {
    return switchTo(new Target(target, Capabilities.MAY_BLOCK));
  }

  /** Makes new batches wait for {@code released} (and a later {@link #switchTo}); returns the route it replaced. */
  Route hold(CountDownLatch released) {
    Route old = route;
    route = new Route(null, released);
    return old;
  }

  /** What a call may do on the route in force: one volatile read, no allocation. */
  @Override
  public Capabilities capabilities() {
    return route.capabilities;
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
      if (r.capabilities.mayBlock() && RequestContext.current().isNonBlocking()) {
        // The receiver chose its event loop on the route before; waiting here would stall its other connections.
        throw ConsumeException.retryable("the relay is applying a new configuration; retry");
      }
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
