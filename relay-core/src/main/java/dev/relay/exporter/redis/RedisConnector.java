package dev.relay.exporter.redis;

import dev.relay.component.ComponentId;
import dev.relay.redis.RedisConnections;
import dev.relay.redis.AsyncRedisClient;
import dev.relay.redis.QuietRedisEventLoops;
import dev.relay.redis.SilentEventBus;
import dev.relay.redis.SleepingTimer;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The exporter's one Lettuce connection (standalone, Sentinel-found or Cluster): opened in the background and
 * retried with backoff until it works, so the relay never waits for Redis; reconnected by Lettuce once it was
 * open. Tells {@link RedisOutage} when it is lost, found again, or refused for its credentials.
 */
final class RedisConnector {
  private static final long MAX_CONNECT_BACKOFF_MS = 1000;
  private static final long AUTH_RETRY_MS = 10_000;

  /** The open connection and its commands: standalone or cluster, written through the same command interface. */
  record Link(StatefulConnection<byte[], byte[]> connection, RedisClusterAsyncCommands<byte[], byte[]> cmd) {}

  private final ComponentId id;
  private final RedisExporterConfig config;
  private final RedisOutage outage;
  private ClientResources resources;
  private SleepingTimer timer;
  private QuietRedisEventLoops eventLoops;
  private AbstractRedisClient client;
  private RedisClient standalone;
  private RedisClusterClient cluster;
  private ScheduledExecutorService connector;
  private volatile Link link;
  /** Completed when the first connection is open. */
  private final CompletableFuture<Void> firstLink = new CompletableFuture<>();
  private volatile boolean closed;
  private int connectAttempts;

  RedisConnector(ComponentId id, RedisExporterConfig config, RedisOutage outage) {
    this.id = id;
    this.config = config;
    this.outage = outage;
  }

  void start() {
    timer = new SleepingTimer("relay-redis-timer-" + id);
    eventLoops = new QuietRedisEventLoops(DefaultClientResources.DEFAULT_IO_THREADS, "relay-redis-io-" + id);
    resources = DefaultClientResources.builder()
        .timer(timer)
        .eventLoopGroupProvider(eventLoops)
        .eventBus(SilentEventBus.INSTANCE)
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
          .requestQueueSize(RouteDrainer.MAX_IN_FLIGHT * 2)
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
      standalone = new AsyncRedisClient(resources);
      standalone.setOptions(ClientOptions.builder()
          .autoReconnect(true)
          // Commands issued while disconnected fail at once instead of piling up to be replayed as a stale burst.
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          // In-flight commands are capped below this by the drainer; the route buffers hold the rest.
          .requestQueueSize(RouteDrainer.MAX_IN_FLIGHT * 2)
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
          outage.up();
        }
      }

      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        Link l = link;
        if (!closed && l != null && connection == l.connection()) {
          outage.down("connection lost");
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
        String reason = RedisConnections.failureReason(error);
        long delay = Math.min(MAX_CONNECT_BACKOFF_MS, 50L << Math.min(connectAttempts++, 5));
        if (RedisOutage.isAuthFailure(reason)) {
          outage.credentialsRefused(reason);
          delay = AUTH_RETRY_MS; // retry slowly: someone has to fix the credentials first
        } else {
          outage.down(reason);
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
      outage.connected();
      // The drainer writes a batch's commands and flushes them once (pipelining).
      conn.connection().setAutoFlushCommands(false);
      link = conn;
      outage.up();
      firstLink.complete(null);
    });
  }

  /**
   * Opens the connections to every primary before the first write: Lettuce opens node connections on first use,
   * and with commands rejected while disconnected, the first writes to each node would fail.
   */
  private static CompletableFuture<Void> connectToPrimaries(StatefulRedisClusterConnection<byte[], byte[]> c) {
    List<CompletableFuture<?>> opening = new ArrayList<>();
    for (var node : c.getPartitions()) {
      if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
        opening.add(c.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort()));
      }
    }
    return CompletableFuture.allOf(opening.toArray(new CompletableFuture<?>[0]));
  }

  private RedisURI uri(String endpoint) {
    return RedisConnections.uri(config.redis().withEndpoint(endpoint));
  }

  /** Waits, at most {@code timeout}, until the first connection is open. */
  void awaitConnected(java.time.Duration timeout) {
    try {
      firstLink.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      // not connected yet: it goes on connecting in the background, as at start-up
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The connection, once one was opened (it may be reconnecting); null before. */
  Link link() {
    return link;
  }

  /** {@code connected}, {@code credentials_refused} or {@code disconnected}, for readiness. */
  String state() {
    Link l = link;
    if (l != null && l.connection().isOpen()) {
      return "connected";
    }
    return outage.credentialsRefused() ? "credentials_refused" : "disconnected";
  }

  /** Stops connecting, flushes what was written and closes the connection, the client and its threads. */
  void close() {
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
      eventLoops.shutdown(0, 2, TimeUnit.SECONDS);
      timer.stop();
    }
  }

}
