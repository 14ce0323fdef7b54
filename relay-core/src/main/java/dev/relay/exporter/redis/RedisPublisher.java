package dev.relay.exporter.redis;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.exporter.BatchSender;
import dev.relay.json.JsonWriter;
import dev.relay.otlp.Batch;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.telemetry.ThrottlingLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code redis} exporter's sender: routes each batch's events into the routes' buffers and has them drained
 * into Redis ({@link RouteDrainer}) over one connection ({@link RedisConnector}); nothing waits for Redis. While
 * Redis is unreachable, messages are dropped and counted; the outage is logged once when it starts and once when it
 * ends ({@link RedisOutage}).
 */
final class RedisPublisher implements BatchSender {
  private static final Logger LOG = LoggerFactory.getLogger(RedisPublisher.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final ComponentId id;
  private final RedisExporterConfig config;
  private final EventRouter router;
  private final String safeEndpoint;
  private final RedisMetrics metrics;
  private final ThrottlingLogger throttled = new ThrottlingLogger(LOG);
  private final RedisConnector connector;
  private final RouteDrainer drainer;
  private final Logger messageLog = LoggerFactory.getLogger("dev.relay.exporter.redis.messages");

  RedisPublisher(ComponentId id, RedisExporterConfig config, TelemetrySettings telemetry) {
    this.id = id;
    this.config = config;
    this.router = new EventRouter(config.routes(), config.maxPayloadBytes(), config.truncateOversize());
    this.safeEndpoint = config.redis().safeEndpoint();
    this.metrics = new RedisMetrics(id, telemetry.meterRegistry());
    RedisOutage outage = new RedisOutage(id, safeEndpoint, config.redis().username());
    this.connector = new RedisConnector(id, config, outage);
    this.drainer = new RouteDrainer(id, config.routes(), connector, outage, metrics, throttled);
  }

  @Override
  public void start() {
    connector.start();
  }

  @Override
  public void awaitReady(Duration timeout) {
    connector.awaitConnected(timeout);
  }

  /** Routing, rendering and pipelined writes: a receiving thread may send itself while the queue is empty. */
  @Override
  public boolean neverWaits() {
    return true;
  }

  @Override
  public CompletableFuture<Void> send(List<Batch> batches, Duration timeout) {
    for (Batch b : batches) {
      if (b instanceof TracesBatch traces) {
        router.route(traces, sink);
      } else if (b instanceof LogsBatch logs) {
        router.route(logs, sink);
      }
    }
    drainer.drain();
    return DONE;
  }

  @Override
  public void idle() {
    drainer.drain();
  }

  @Override
  public boolean hasBacklog() {
    return drainer.hasBacklog();
  }

  /** Turns each rendered event into a message for its route's buffer, and counts what routing dropped. */
  private final EventRouter.Sink sink = new EventRouter.Sink() {
    @Override
    public void message(Route route, String channel, String stream, JsonWriter json) {
      if (config.logMessages()) {
        messageLog.info("{} -> {} {}", id, channel != null ? channel : "stream " + stream, json);
      }
      drainer.offer(new RouteBuffer.Message(route,
          channel == null ? null : channel.getBytes(StandardCharsets.UTF_8),
          stream == null ? null : stream.getBytes(StandardCharsets.UTF_8),
          json.toByteArray()));
    }

    @Override
    public void unresolvedChannel(Route route) {
      metrics.droppedUnresolved.increment();
    }

    @Override
    public void invalidChannel(Route route) {
      metrics.droppedInvalid.increment();
      // Never the value: it is the app's, and may be hostile (a newline forging a log line) or private.
      throttled.warn("exporter " + id + ": route " + route.index() + ": a placeholder's value would make a channel"
          + " or stream name over " + config.maxNameBytes() + " bytes or holding * ? [ ] \\, whitespace or a control"
          + " character; not sent (counted as channel_invalid)");
    }

    @Override
    public void tooLarge(Route route, int targets) {
      metrics.droppedTooLarge.increment(targets);
    }

    @Override
    public void truncated(Route route) {
      metrics.truncated.increment();
    }

    @Override
    public void routeFailed(Route route, OttlRuntimeException e) {
      metrics.droppedRouteError.increment(parts(route));
      throttled.warn("exporter " + id + ": route " + route.index() + " failed on an event: " + e.getMessage());
    }
  };

  /** How many targets (channel, stream) a route writes each message to: what Redis counters count. */
  private static int parts(Route route) {
    return (route.hasChannel() ? 1 : 0) + (route.hasStream() ? 1 : 0);
  }

  @Override
  public void shutdown(Duration remaining) {
    // Deliver what the routes hold until it is all answered or the shutdown timeout is over.
    long left = drainer.drainForShutdown(remaining);
    if (left > 0) {
      LOG.warn("exporter {}: {} buffered messages were not delivered before shutdown", id, left);
    }
    connector.close();
  }

  @Override
  public String state() {
    return connector.state();
  }

  @Override
  public String describe() {
    int routes = config.routes().size();
    return "Redis" + (config.cluster() ? " cluster" : "") + " to " + safeEndpoint + " (" + routes + " route"
        + (routes == 1 ? "" : "s") + ")";
  }
}
