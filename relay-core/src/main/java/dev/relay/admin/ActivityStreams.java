package dev.relay.admin;

import dev.relay.redis.AsyncRedisClient;
import dev.relay.redis.RedisConnections;
import dev.relay.redis.RedisEndpoint;
import dev.relay.redis.QuietRedisEventLoops;
import dev.relay.redis.SilentEventBus;
import dev.relay.redis.SleepingTimer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import dev.relay.telemetry.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /activity/stream}: Server-Sent Events bridged from a Redis pub/sub channel (or pattern), or from a Redis
 * stream (its last N entries, then following it). Each client gets its own Redis connection ({@link PubSubSession},
 * {@link StreamSession}), used only through Lettuce's asynchronous API, so nothing here blocks the admin event loop;
 * closing the client's HTTP connection closes its Redis connection, which ends the subscription.
 */
final class ActivityStreams implements AutoCloseable {
  private final ActivityConfig config;
  private final AtomicInteger clients = new AtomicInteger();
  /** Each client's Redis connection, so that losing one ends that client's response. */
  private final Map<Object, ActivitySession> sessionsByConnection = new ConcurrentHashMap<>();
  private final Counter dropped;
  private final Counter forbidden;
  private final Counter overMaxClients;
  private ClientResources resources;
  private SleepingTimer timer;
  private QuietRedisEventLoops eventLoops;
  private RedisClient client;
  private RedisURI uri;
  private volatile boolean closed;

  ActivityStreams(ActivityConfig config, MeterRegistry registry) {
    this.config = config;
    Gauge.builder("relay.admin.activity.clients", clients, AtomicInteger::get)
        .description("Clients streaming /activity/stream").register(registry);
    dropped = Counter.builder("relay.admin.activity.dropped.messages")
        .description("Pub/sub messages dropped for /activity/stream clients that read too slowly").register(registry);
    forbidden = Counter.builder("relay.admin.activity.forbidden.requests")
        .description("/activity/stream requests refused (403) for a channel, pattern or stream outside"
            + " service.admin.activity.allow").register(registry);
    overMaxClients = Meters.counter(registry, Meters.ADMIN_REFUSED_REQUESTS, "reason", "activity_max_clients");
  }

  void start() {
    if (config.redis() == null) {
      return;
    }
    RedisEndpoint r = config.redis();
    timer = new SleepingTimer("relay-activity-timer");
    eventLoops = new QuietRedisEventLoops(2, "relay-activity-io");
    resources = DefaultClientResources.builder()
        .timer(timer)
        .eventLoopGroupProvider(eventLoops)
        .eventBus(SilentEventBus.INSTANCE)
        .computationThreadPoolSize(2)
        .commandLatencyRecorder(CommandLatencyRecorder.disabled())
        .build();
    client = new AsyncRedisClient(resources);
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        ActivitySession s = sessionsByConnection.get(connection);
        if (s != null) {
          s.redisLost();
        }
      }
    });
    client.setOptions(ClientOptions.builder()
        // A lost connection ends the SSE response; the browser's EventSource reconnects (and resumes a stream by
        // Last-Event-ID), which is simpler and more honest than replaying commands on a new connection.
        .autoReconnect(false)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
        .sslOptions(RedisConnections.sslOptions(r.tls()))
        .build());
    uri = RedisConnections.uri(r);
    uri.setTimeout(Duration.ofMillis(StreamSession.BLOCK_MS + 10_000));
  }

  String describe() {
    return config.redis() == null ? "no Redis"
        : "Redis " + safeEndpoint() + " from " + config.source() + ", serving " + config.allow();
  }

  /** A request the handler answers right away (a fault), or null when the stream took the channel over. */
  FullHttpResponse handle(Channel ch, String uriText, String lastEventId) {
    ActivityRequest request;
    try {
      request = ActivityRequest.parse(uriText, lastEventId);
    } catch (ActivityRequest.Invalid e) {
      return ActivityRequest.refusal(HttpResponseStatus.BAD_REQUEST, e.getMessage());
    }
    if (client == null) {
      return ActivityRequest.refusal(HttpResponseStatus.SERVICE_UNAVAILABLE, "no Redis is configured for the "
          + "activity stream: set service.admin.activity.redis.endpoint, or configure a redis exporter");
    }
    if (!config.allow().allows(request)) {
      forbidden.increment();
      return ActivityRequest.forbidden(request.stream() != null ? "stream" : request.channel() != null ? "channel"
          : "pattern");
    }
    if (closed) {
      return ActivityRequest.refusal(HttpResponseStatus.SERVICE_UNAVAILABLE, "the relay is shutting down");
    }
    if (clients.incrementAndGet() > config.maxClients()) {
      clients.decrementAndGet();
      overMaxClients.increment();
      return ActivityRequest.refusal(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many activity stream clients "
          + "(max_clients is " + config.maxClients() + ")");
    }
    ActivitySession s = request.stream() != null
        ? new StreamSession(this, ch, request.stream(), request.field(), request.replay(), request.lastEventId())
        : new PubSubSession(this, ch, request.channel(), request.pattern());
    ch.closeFuture().addListener(f -> s.close());
    s.open();
    return null;
  }

  ActivityConfig config() {
    return config;
  }

  RedisClient client() {
    return client;
  }

  RedisURI uri() {
    return uri;
  }

  String safeEndpoint() {
    return config.redis().safeEndpoint();
  }

  /** {@code session} owns {@code connection}: losing it ends that session's response. */
  void track(Object connection, ActivitySession session) {
    sessionsByConnection.put(connection, session);
  }

  void untrack(Object connection) {
    sessionsByConnection.remove(connection);
  }

  /** A client's response ended: its slot under {@code max_clients} is free. */
  void clientLeft() {
    clients.decrementAndGet();
  }

  /** A pub/sub message dropped for a client that reads too slowly. */
  void droppedForSlowClient() {
    dropped.increment();
  }

  @Override
  public void close() {
    closed = true;
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
