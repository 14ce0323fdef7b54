package dev.relay.exporter.redis;

import dev.relay.component.ComponentId;
import dev.relay.exporter.redis.RedisConnector.Link;
import dev.relay.telemetry.ThrottlingLogger;
import io.lettuce.core.RedisCommandExecutionException;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The routes' buffers and their draining into Redis: commands of a batch are written without flushing and flushed
 * once (pipelining, as the connection's auto-flush is off), with at most {@link #MAX_IN_FLIGHT} awaiting replies;
 * replies are counted asynchronously and nothing waits. While Redis is down, pub/sub parts are dropped and stream
 * parts wait in their buffer, and stream entries lost with a connection go back to its front. Used by one thread at
 * a time: the exporter's consumer, or a receiving thread that sends past the empty queue; Lettuce's threads only
 * answer replies.
 */
final class RouteDrainer {
  /** Commands written and not yet answered; beyond this, messages wait in their route's buffer. */
  static final int MAX_IN_FLIGHT = 4096;

  private final ComponentId id;
  private final RedisConnector connector;
  private final RedisOutage outage;
  private final RedisMetrics metrics;
  private final ThrottlingLogger throttled;
  private final RouteBuffer[] buffers;
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Stream entries whose write failed on a lost connection, handed back from Lettuce's threads. */
  private final ConcurrentLinkedQueue<RouteBuffer.Message> failedStreams = new ConcurrentLinkedQueue<>();
  private final BiConsumer<Long, Throwable> onPublishReply;
  private final BiConsumer<Boolean, Throwable> onExpireReply;
  private volatile boolean closing;

  RouteDrainer(ComponentId id, List<Route> routes, RedisConnector connector, RedisOutage outage,
      RedisMetrics metrics, ThrottlingLogger throttled) {
    this.id = id;
    this.connector = connector;
    this.outage = outage;
    this.metrics = metrics;
    this.throttled = throttled;
    this.buffers = new RouteBuffer[routes.size()];
    for (Route r : routes) {
      buffers[r.index()] = new RouteBuffer(r.queueSize(), r.dropOldest());
    }
    // One callback for every PUBLISH: it captures nothing per message.
    this.onPublishReply = (reply, error) -> {
      inFlight.decrementAndGet();
      if (error == null) {
        metrics.published.increment();
      } else if (closing) {
        metrics.droppedShutdown.increment();
      } else {
        dropDown(metrics.droppedRedisError);
        throttled.warn("exporter " + id + ": PUBLISH failed: " + error.getMessage());
      }
    };
    // The entry itself is counted by its XADD; a failed EXPIRE only leaves the key to live longer.
    this.onExpireReply = (reply, error) -> {
      inFlight.decrementAndGet();
      if (error != null && !closing) {
        throttled.warn("exporter " + id + ": PEXPIRE failed: " + error.getMessage());
      }
    };
  }

  /** Buffers a rendered message in its route's buffer; what the full buffer drops is counted. */
  void offer(RouteBuffer.Message m) {
    RouteBuffer.Message dropped = buffers[m.route().index()].add(m);
    if (dropped != null) {
      metrics.droppedQueueFull.increment(dropped.parts());
    }
  }

  private void dropDown(Counter reason) {
    reason.increment();
    outage.dropped();
  }

  /**
   * Writes buffered messages while fewer than {@link #MAX_IN_FLIGHT} commands await replies, pipelined and flushed
   * once. While Redis is down, pub/sub messages are dropped at once (at most once: nothing stale is replayed after
   * a reconnect) and stream entries wait in their buffer (at least once, within the buffer).
   */
  void drain() {
    // Failed stream entries go back to the front of their buffers in their original order.
    List<RouteBuffer.Message> failed = new ArrayList<>();
    RouteBuffer.Message f;
    while ((f = failedStreams.poll()) != null) {
      failed.add(f);
    }
    for (int i = failed.size() - 1; i >= 0; i--) {
      if (!buffers[failed.get(i).route().index()].pushFront(failed.get(i))) {
        metrics.droppedQueueFull.increment(failed.get(i).parts());
      }
    }
    Link conn = connector.link();
    boolean open = conn != null && conn.connection().isOpen();
    boolean wrote = false;
    for (RouteBuffer buffer : buffers) {
      RouteBuffer.Message m;
      while (inFlight.get() < MAX_IN_FLIGHT && (m = buffer.peek()) != null) {
        if (!open) {
          // Pub/sub is at most once: every channel part waiting now is dropped; stream parts wait.
          int dropped = buffer.dropChannels();
          if (dropped > 0) {
            outage.down("not connected");
            for (int i = 0; i < dropped; i++) {
              dropDown(metrics.droppedRedisDown);
            }
          }
          break;
        }
        buffer.poll();
        write(conn, m);
        wrote = true;
      }
    }
    if (wrote) {
      conn.connection().flushCommands();
    }
  }

  private void write(Link conn, RouteBuffer.Message m) {
    if (m.channel() != null) {
      inFlight.incrementAndGet();
      (m.route().sharded() ? conn.cmd().spublish(m.channel(), m.payload())
          : conn.cmd().publish(m.channel(), m.payload())).whenComplete(onPublishReply);
    }
    if (m.stream() != null) {
      inFlight.incrementAndGet();
      conn.cmd().xadd(m.stream(), m.route().xadd(), m.route().fieldBytes(), m.payload())
          .whenComplete((reply, error) -> {
            if (error == null) {
              metrics.streamed.increment();
            } else if (closing) {
              metrics.droppedShutdown.increment();
            } else if (error instanceof RedisCommandExecutionException) {
              // Redis answered with an error (e.g. the key holds another type): retrying cannot help.
              dropDown(metrics.droppedRedisError);
              throttled.warn("exporter " + id + ": XADD failed: " + error.getMessage());
            } else {
              failedStreams.offer(new RouteBuffer.Message(m.route(), null, m.stream(), m.payload()));
            }
            // Last: hasBacklog() must not see nothing in flight before a failed entry is back in failedStreams.
            inFlight.decrementAndGet();
          });
      if (m.route().ttlMillis() > 0) {
        // Pipelined right behind the XADD, in the same flush: a per-call stream expires once its call went quiet.
        inFlight.incrementAndGet();
        conn.cmd().pexpire(m.stream(), m.route().ttlMillis()).whenComplete(onExpireReply);
      }
    }
  }

  /**
   * Drains until everything buffered is written and answered, or {@code remaining} is over; from then on, replies
   * cancelled by the connection's close count as shutdown, not as Redis errors. Returns the message parts left.
   */
  long drainForShutdown(Duration remaining) {
    long deadline = System.nanoTime() + remaining.toNanos();
    while (true) {
      drain();
      if ((buffered() == 0 && failedStreams.isEmpty() && inFlight.get() == 0) || System.nanoTime() >= deadline) {
        break;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    closing = true;
    long left = buffered() + partsOf(failedStreams);
    if (left > 0) {
      metrics.droppedShutdown.increment(left);
    }
    return left;
  }

  /**
   * Whether messages wait in a buffer, a failed stream entry waits to be written again, or replies are still due
   * (a failed one comes back as work): while so, {@link #drain} must be called again soon.
   */
  boolean hasBacklog() {
    if (inFlight.get() > 0 || !failedStreams.isEmpty()) {
      return true;
    }
    for (RouteBuffer b : buffers) {
      if (b.size() > 0) {
        return true;
      }
    }
    return false;
  }

  private long buffered() {
    long n = 0;
    for (RouteBuffer b : buffers) {
      n += b.parts();
    }
    return n;
  }

  private static long partsOf(Iterable<RouteBuffer.Message> messages) {
    long n = 0;
    for (RouteBuffer.Message m : messages) {
      n += m.parts();
    }
    return n;
  }
}
