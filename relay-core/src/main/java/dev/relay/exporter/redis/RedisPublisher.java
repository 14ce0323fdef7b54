package dev.relay.exporter.redis;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.exporter.BatchSender;
import dev.relay.json.JsonWriter;
import dev.relay.otlp.Batch;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.redis.RedisConnections;
import dev.relay.telemetry.Meters;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes routed events over one Lettuce connection: commands of a batch are written without flushing and flushed
 * once (pipelining), replies are counted asynchronously, nothing waits. While Redis is unreachable, messages are
 * dropped and counted; the outage is logged once when it starts and once when it ends.
 */
final class RedisPublisher implements BatchSender {
  private static final Logger LOG = LoggerFactory.getLogger(RedisPublisher.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private static final long MAX_CONNECT_BACKOFF_MS = 1000;
  private static final long AUTH_RETRY_MS = 10_000;
  /** Commands written and not yet answered; beyond this, messages wait in their route's buffer. */
  static final int MAX_IN_FLIGHT = 4096;

  private final ComponentId id;
  private final RedisExporterConfig config;
  private final EventRouter router;
  private final String safeEndpoint;
  private final Counter published;
  private final Counter streamed;
  private final Counter droppedRedisDown;
  private final Counter droppedError;
  private final Counter droppedUnresolved;
  private final Counter droppedRouteError;
  private final Counter droppedTooLarge;
  private final Counter droppedQueueFull;
  private final Counter droppedShutdown;
  private final RouteBuffer[] buffers;
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Stream entries whose write failed on a lost connection, handed back from Lettuce's threads. */
  private final ConcurrentLinkedQueue<RouteBuffer.Message> failedStreams = new ConcurrentLinkedQueue<>();
  private final Counter truncated;
  private final dev.relay.telemetry.ThrottlingLogger throttled = new dev.relay.telemetry.ThrottlingLogger(LOG);
  private final AtomicBoolean down = new AtomicBoolean(false);
  private final AtomicBoolean authFailed = new AtomicBoolean(false);
  private final AtomicLong droppedInOutage = new AtomicLong();
  private final BiConsumer<Long, Throwable> onReply;
  private final Logger messageLog = LoggerFactory.getLogger("dev.relay.exporter.redis.messages");

  private ClientResources resources;
  private AbstractRedisClient client;
  private RedisClient standalone;
  private RedisClusterClient cluster;
  private ScheduledExecutorService connector;
  /** The open connection and its commands: standalone or cluster, written through the same command interface. */
  private record Link(StatefulConnection<byte[], byte[]> connection, RedisClusterAsyncCommands<byte[], byte[]> cmd) {}

  private volatile Link link;
  private volatile boolean closed;
  private volatile boolean closing;
  private int connectAttempts;

  RedisPublisher(ComponentId id, RedisExporterConfig config, TelemetrySettings telemetry) {
    this.id = id;
    this.config = config;
    this.router = new EventRouter(config.routes(), config.maxPayloadBytes(), config.truncateOversize());
    this.safeEndpoint = withoutCredentials(config.endpoint());
    MeterRegistry registry = telemetry.meterRegistry();
    String tag = id.toString();
    this.published = Meters.counter(registry, Meters.REDIS_PUBLISHED, "exporter", tag);
    this.streamed = Meters.counter(registry, Meters.REDIS_STREAMED, "exporter", tag);
    this.droppedRedisDown = Meters.counter(registry, Meters.REDIS_DROPPED, "exporter", tag, "reason", "redis_down");
    this.droppedError = Meters.counter(registry, Meters.REDIS_DROPPED, "exporter", tag, "reason", "redis_error");
    this.droppedUnresolved =
        Meters.counter(registry, Meters.REDIS_DROPPED, "exporter", tag, "reason", "channel_unresolved");
    this.truncated = Meters.counter(registry, Meters.REDIS_TRUNCATED, "exporter", tag);
    this.droppedQueueFull =
        Meters.counter(registry, Meters.REDIS_DROPPED, "exporter", tag, "reason", "queue_full");
    this.droppedShutdown = Meters.counter(registry, Meters.REDIS_DROPPED, "exporter", tag, "reason", "shutdown");
    this.buffers = new RouteBuffer[config.routes().size()];
    for (Route r : config.routes()) {
      buffers[r.index()] = new RouteBuffer(r.queueSize(), r.dropOldest());
    }
    this.droppedTooLarge =
        Meters.counter(registry, Meters.REDIS_DROPPED, "exporter", tag, "reason", "too_large");
    this.droppedRouteError =
        Meters.counter(registry, Meters.REDIS_DROPPED, "exporter", tag, "reason", "route_error");
    this.onReply = (reply, error) -> {
      inFlight.decrementAndGet();
      if (error == null) {
        published.increment();
      } else if (closing) {
        droppedShutdown.increment();
      } else {
        dropDown(droppedError);
        throttled.warn("exporter " + id + ": PUBLISH failed: " + error.getMessage());
      }
    };
  }

  @Override
  public void start() {
    resources = DefaultClientResources.builder()
        // Lettuce records a latency histogram per command by default: measurable cost on the hot path.
        .commandLatencyRecorder(CommandLatencyRecorder.disabled())
        .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
    SocketOptions socket = SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build();
    SslOptions sslOptions = RedisConnections.sslOptions(config.redis().tls());
    if (config.cluster()) {
      List<RedisURI> seeds = config.seeds().stream().map(this::uri).toList();
      cluster = RedisClusterClient.create(resources, seeds);
      cluster.setOptions(ClusterClientOptions.builder()
          .autoReconnect(true)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .requestQueueSize(MAX_IN_FLIGHT * 2)
          .socketOptions(socket)
          .sslOptions(sslOptions)
          // Follow slot moves and failovers: refresh on MOVED/ASK and reconnects, and now and then.
          .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
              .enableAllAdaptiveRefreshTriggers()
              .enablePeriodicRefresh(Duration.ofSeconds(30))
              .build())
          .build());
      client = cluster;
    } else {
      standalone = RedisClient.create(resources);
      standalone.setOptions(ClientOptions.builder()
          .autoReconnect(true)
          // Commands issued while disconnected fail at once instead of piling up to be replayed as a stale burst.
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          // In-flight commands are capped below this by the publisher; the route buffers hold the rest.
          .requestQueueSize(MAX_IN_FLIGHT * 2)
          .socketOptions(socket)
          .sslOptions(sslOptions)
          .build());
      client = standalone;
    }
    client.addListener(new RedisConnectionStateListener() {
      // Only the relay's own connection speaks for Redis being up or down: topology lookups and (in a cluster)
      // node connections open and close on their own.
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        Link l = link;
        if (l != null && connection == l.connection()) {
          markUp();
        }
      }

      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        Link l = link;
        if (!closed && l != null && connection == l.connection()) {
          markDown("connection lost");
        }
      }
    });
    connector = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "relay-redis-connect-" + id);
      t.setDaemon(true);
      return t;
    });
    connect();
  }

  /** Connects in the background, retrying with backoff until it works: the relay never waits for Redis. */
  private void connect() {
    if (closed) {
      return;
    }
    CompletableFuture<Link> connecting = cluster != null
        // The topology must be known before connecting; loading it also tells whether any seed answers.
        ? cluster.refreshPartitionsAsync().toCompletableFuture()
            .thenCompose(ignored -> cluster.connectAsync(ByteArrayCodec.INSTANCE))
            .thenCompose(c -> connectToPrimaries(c)
                .whenComplete((ignored, error) -> {
                  if (error != null) {
                    c.closeAsync(); // a primary is not reachable yet: do not leak this attempt's connections
                  }
                })
                .thenApply(ignored -> new Link(c, c.async())))
        : standalone.connectAsync(ByteArrayCodec.INSTANCE, uri(config.endpoint())).toCompletableFuture()
            .thenApply(c -> new Link(c, c.async()));
    connecting.whenComplete((conn, error) -> {
      if (error != null) {
        String reason = rootMessage(error);
        long delay = Math.min(MAX_CONNECT_BACKOFF_MS, 50L << Math.min(connectAttempts++, 5));
        if (isAuthFailure(reason)) {
          // Wrong credentials will not fix themselves: say so plainly, once, and retry slowly.
          if (authFailed.compareAndSet(false, true)) {
            LOG.error("exporter {}: Redis at {} refused the credentials{} ({}); check username/password. Messages "
                + "are dropped; other exporters are not affected", id, safeEndpoint,
                config.redis().username() == null ? "" : " of user '" + config.redis().username() + "'", reason);
          }
          down.set(true);
          delay = AUTH_RETRY_MS;
        } else {
          markDown(reason);
        }
        if (!closed) {
          connector.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        }
        return;
      }
      if (closed) {
        conn.connection().closeAsync();
        return;
      }
      connectAttempts = 0;
      authFailed.set(false);
      conn.connection().setAutoFlushCommands(false);
      link = conn;
      markUp();
    });
  }

  /**
   * Opens the connections to every primary before the first write: Lettuce opens node connections on first use,
   * and with commands rejected while disconnected, the first writes to each node would fail.
   */
  private static CompletableFuture<Void> connectToPrimaries(
      io.lettuce.core.cluster.api.StatefulRedisClusterConnection<byte[], byte[]> c) {
    List<CompletableFuture<?>> opening = new java.util.ArrayList<>();
    for (var node : c.getPartitions()) {
      if (node.is(io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag.UPSTREAM)) {
        opening.add(c.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort()));
      }
    }
    return CompletableFuture.allOf(opening.toArray(new CompletableFuture<?>[0]));
  }

  private RedisURI uri(String endpoint) {
    return RedisConnections.uri(config.redis().withEndpoint(endpoint));
  }

  private void markDown(String reason) {
    if (down.compareAndSet(false, true)) {
      droppedInOutage.set(0);
      LOG.warn("exporter {}: Redis at {} is unreachable ({}); dropping messages until it is back", id, safeEndpoint,
          reason);
    }
  }

  private void markUp() {
    if (down.compareAndSet(true, false)) {
      LOG.info("exporter {}: Redis at {} is reachable again; {} messages were dropped while it was not", id,
          safeEndpoint, droppedInOutage.get());
    }
  }

  private void dropDown(Counter reason) {
    reason.increment();
    droppedInOutage.incrementAndGet();
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
    drain();
    return DONE;
  }

  @Override
  public void idle() {
    drain();
  }

  private final EventRouter.Sink sink = new EventRouter.Sink() {
    @Override
    public void message(Route route, String channel, String stream, JsonWriter json) {
      if (config.logMessages()) {
        messageLog.info("{} -> {} {}", id, channel != null ? channel : "stream " + stream, json);
      }
      RouteBuffer.Message m = new RouteBuffer.Message(route,
          channel == null ? null : channel.getBytes(StandardCharsets.UTF_8),
          stream == null ? null : stream.getBytes(StandardCharsets.UTF_8),
          json.toByteArray());
      RouteBuffer.Message dropped = buffers[route.index()].add(m);
      if (dropped != null) {
        droppedQueueFull.increment(dropped.parts());
      }
    }

    @Override
    public void unresolvedChannel(Route route) {
      droppedUnresolved.increment();
    }

    @Override
    public void tooLarge(Route route, int targets) {
      droppedTooLarge.increment(targets);
    }

    @Override
    public void truncated(Route route) {
      truncated.increment();
    }

    @Override
    public void routeFailed(Route route, OttlRuntimeException e) {
      droppedRouteError.increment(parts(route));
      throttled.warn("exporter " + id + ": route " + route.index() + " failed on an event: " + e.getMessage());
    }
  };

  /** How many targets (channel, stream) a route writes each message to: what Redis counters count. */
  private static int parts(Route route) {
    return (route.hasChannel() ? 1 : 0) + (route.hasStream() ? 1 : 0);
  }

  /**
   * Writes buffered messages while fewer than {@link #MAX_IN_FLIGHT} commands await replies, pipelined and flushed
   * once. While Redis is down, pub/sub messages are dropped at once (at most once: nothing stale is replayed after
   * a reconnect) and stream entries wait in their buffer (at least once, within the buffer).
   */
  private void drain() {
    // Failed stream entries go back to the front of their buffers in their original order.
    List<RouteBuffer.Message> failed = new java.util.ArrayList<>();
    RouteBuffer.Message f;
    while ((f = failedStreams.poll()) != null) {
      failed.add(f);
    }
    for (int i = failed.size() - 1; i >= 0; i--) {
      if (!buffers[failed.get(i).route().index()].pushFront(failed.get(i))) {
        droppedQueueFull.increment(failed.get(i).parts());
      }
    }
    Link conn = link;
    boolean open = conn != null && conn.connection().isOpen();
    boolean wrote = false;
    for (RouteBuffer buffer : buffers) {
      RouteBuffer.Message m;
      while (inFlight.get() < MAX_IN_FLIGHT && (m = buffer.peek()) != null) {
        if (!open) {
          // Pub/sub is at most once: every channel part waiting now is dropped; stream parts wait.
          int dropped = buffer.dropChannels();
          if (dropped > 0) {
            markDown("not connected");
            for (int i = 0; i < dropped; i++) {
              dropDown(droppedRedisDown);
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
          : conn.cmd().publish(m.channel(), m.payload())).whenComplete(onReply);
    }
    if (m.stream() != null) {
      inFlight.incrementAndGet();
      conn.cmd().xadd(m.stream(), m.route().xadd(), m.route().fieldBytes(), m.payload())
          .whenComplete((reply, error) -> {
            inFlight.decrementAndGet();
            if (error == null) {
              streamed.increment();
            } else if (closing) {
              droppedShutdown.increment();
            } else if (error instanceof RedisCommandExecutionException) {
              // Redis answered with an error (e.g. the key holds another type): retrying cannot help.
              dropDown(droppedError);
              throttled.warn("exporter " + id + ": XADD failed: " + error.getMessage());
            } else {
              failedStreams.offer(new RouteBuffer.Message(m.route(), null, m.stream(), m.payload()));
            }
          });
    }
  }

  @Override
  public void shutdown(Duration remaining) {
    // Deliver what the routes hold until it is all answered or the shutdown timeout is over.
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
    // From here on, replies cancelled by our own close count as shutdown, not as Redis errors.
    closing = true;
    long left = buffered() + partsOf(failedStreams);
    if (left > 0) {
      droppedShutdown.increment(left);
      LOG.warn("exporter {}: {} buffered messages were not delivered before shutdown", id, left);
    }
    closed = true;
    if (connector != null) {
      connector.shutdownNow();
    }
    Link conn = link;
    if (conn != null) {
      conn.connection().flushCommands();
      conn.connection().close();
    }
    if (client != null) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    if (resources != null) {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
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

  @Override
  public String state() {
    Link l = link;
    if (l != null && l.connection().isOpen()) {
      return "connected";
    }
    return authFailed.get() ? "credentials_refused" : "disconnected";
  }

  @Override
  public String describe() {
    return "Redis" + (config.cluster() ? " cluster" : "") + " to " + safeEndpoint + " (" + config.routes().size() + " route"
        + (config.routes().size() == 1 ? "" : "s") + ")";
  }

  static boolean isAuthFailure(String message) {
    return message != null && (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")
        || message.startsWith("NOPERM") || message.contains("invalid username-password")
        || message.contains("invalid password"));
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  static String withoutCredentials(String endpoint) {
    try {
      URI u = new URI(endpoint);
      if (u.getUserInfo() == null) {
        return endpoint;
      }
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment())
          .toString();
    } catch (Exception e) {
      return "redis endpoint";
    }
  }
}
