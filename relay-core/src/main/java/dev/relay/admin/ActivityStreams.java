package dev.relay.admin;

import dev.relay.redis.RedisConnections;
import dev.relay.redis.RedisEndpoint;
import dev.relay.json.JsonWriter;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /activity/stream}: Server-Sent Events bridged from a Redis pub/sub channel (or pattern), or from a Redis
 * stream (its last N entries, then following it). Each client gets its own Redis connection, used only through
 * Lettuce's asynchronous API, so nothing here blocks the admin event loop; closing the client's HTTP connection
 * closes its Redis connection, which ends the subscription.
 */
final class ActivityStreams implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityStreams.class);
  private static final Set<String> PARAMS = Set.of("channel", "pattern", "stream", "replay", "field");
  private static final Pattern STREAM_ID = Pattern.compile("\\d{1,20}(-\\d{1,20})?");
  static final int MAX_REPLAY = 10_000;
  private static final int READ_COUNT = 100;
  private static final long BLOCK_MS = 5_000;
  /** How long an EventSource waits before reconnecting after the stream ends. */
  private static final int RETRY_MS = 2_000;

  private final ActivityConfig config;
  private final AtomicInteger clients = new AtomicInteger();
  /** Each client's Redis connection, so that losing one ends that client's response. */
  private final Map<Object, Session> sessionsByConnection = new ConcurrentHashMap<>();
  private final Counter dropped;
  private ClientResources resources;
  private RedisClient client;
  private RedisURI uri;
  private volatile boolean closed;

  ActivityStreams(ActivityConfig config, MeterRegistry registry) {
    this.config = config;
    Gauge.builder("relay.admin.activity.clients", clients, AtomicInteger::get)
        .description("Clients streaming /activity/stream").register(registry);
    dropped = Counter.builder("relay.admin.activity.dropped.messages")
        .description("Pub/sub messages dropped for /activity/stream clients that read too slowly").register(registry);
  }

  void start() {
    if (config.redis() == null) {
      return;
    }
    RedisEndpoint r = config.redis();
    resources = DefaultClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .commandLatencyRecorder(CommandLatencyRecorder.disabled())
        .build();
    client = RedisClient.create(resources);
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        Session s = sessionsByConnection.get(connection);
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
    uri.setTimeout(Duration.ofMillis(BLOCK_MS + 10_000));
  }

  String describe() {
    return config.redis() == null ? "no Redis" : "Redis " + safeEndpoint() + " from " + config.source();
  }

  private String safeEndpoint() {
    return config.redis().safeEndpoint();
  }

  /** A request the handler answers right away (a fault), or null when the stream took the channel over. */
  FullHttpResponse handle(Channel ch, String uriText, String lastEventId) {
    QueryStringDecoder q = new QueryStringDecoder(uriText);
    Map<String, List<String>> p = q.parameters();
    for (Map.Entry<String, List<String>> e : p.entrySet()) {
      if (!PARAMS.contains(e.getKey())) {
        return error(HttpResponseStatus.BAD_REQUEST, "unknown query parameter '" + e.getKey()
            + "' (known: channel, pattern, stream, replay, field)");
      }
      if (e.getValue().size() > 1) {
        return error(HttpResponseStatus.BAD_REQUEST, "query parameter '" + e.getKey() + "' is given twice");
      }
    }
    String channel = one(p, "channel");
    String pattern = one(p, "pattern");
    String stream = one(p, "stream");
    int given = (channel != null ? 1 : 0) + (pattern != null ? 1 : 0) + (stream != null ? 1 : 0);
    if (given != 1) {
      return error(HttpResponseStatus.BAD_REQUEST, given == 0
          ? "missing query parameter: give channel=<name>, pattern=<glob> or stream=<key>"
          : "give only one of channel=, pattern= and stream=");
    }
    for (String k : new String[] {"channel", "pattern", "stream", "field"}) {
      String v = one(p, k);
      if (v != null && (v.isEmpty() || v.length() > 1024)) {
        return error(HttpResponseStatus.BAD_REQUEST, "query parameter '" + k + "' must be 1 to 1024 characters");
      }
    }
    if (stream == null) {
      for (String k : new String[] {"replay", "field"}) {
        if (p.containsKey(k)) {
          return error(HttpResponseStatus.BAD_REQUEST, k + "= applies to stream=, not to a pub/sub channel");
        }
      }
    }
    int replay = 0;
    String replayText = one(p, "replay");
    if (replayText != null) {
      try {
        replay = Integer.parseInt(replayText);
      } catch (NumberFormatException e) {
        replay = -1;
      }
      if (replay < 0 || replay > MAX_REPLAY) {
        return error(HttpResponseStatus.BAD_REQUEST,
            "replay must be a whole number from 0 to " + MAX_REPLAY + ", found '" + replayText + "'");
      }
    }
    String field = one(p, "field") == null ? "event" : one(p, "field");
    if (stream != null && lastEventId != null && !STREAM_ID.matcher(lastEventId).matches()) {
      return error(HttpResponseStatus.BAD_REQUEST,
          "Last-Event-ID must be a stream entry id such as 1718000000000-0, found '" + lastEventId + "'");
    }
    if (client == null) {
      return error(HttpResponseStatus.SERVICE_UNAVAILABLE, "no Redis is configured for the activity stream: set "
          + "service.admin.activity.redis.endpoint, or configure a redis exporter");
    }
    if (closed) {
      return error(HttpResponseStatus.SERVICE_UNAVAILABLE, "the relay is shutting down");
    }
    if (clients.incrementAndGet() > config.maxClients()) {
      clients.decrementAndGet();
      return error(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many activity stream clients (max_clients is "
          + config.maxClients() + ")");
    }
    Session s = new Session(ch);
    ch.closeFuture().addListener(f -> s.close());
    if (stream != null) {
      s.follow(stream, field, replay, lastEventId);
    } else {
      s.subscribe(channel, pattern);
    }
    return null;
  }

  private static String one(Map<String, List<String>> p, String key) {
    List<String> v = p.get(key);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  static FullHttpResponse error(HttpResponseStatus status, String message) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.wrappedBuffer((message + "\n").getBytes(StandardCharsets.UTF_8)));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return res;
  }

  /** One SSE event: {@code id:} (streams only), then the payload's lines as {@code data:} lines. */
  static String event(String id, String data) {
    StringBuilder b = new StringBuilder(data.length() + 32);
    if (id != null) {
      b.append("id: ").append(id).append('\n');
    }
    for (String line : data.split("\r\n|\r|\n", -1)) {
      b.append("data: ").append(line).append('\n');
    }
    return b.append('\n').toString();
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public void close() {
    closed = true;
    if (client != null) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    if (resources != null) {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  /** One client: its channel, its Redis connection, its bounded count of messages not yet written. */
  private final class Session {
    private final Channel ch;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean closedOnce = new AtomicBoolean();
    private final AtomicBoolean paused = new AtomicBoolean();
    private volatile StatefulConnection<String, String> conn;
    private volatile boolean started;
    private volatile long droppedHere;
    private long droppedReported;
    private volatile ScheduledFuture<?> heartbeat; // volatile: begin() and close() run on different threads
    // stream state, touched only by the command callbacks, one at a time
    private String key;
    private String field;
    private String lastId;

    Session(Channel ch) {
      this.ch = ch;
    }

    void subscribe(String channel, String pattern) {
      CompletableFuture<StatefulRedisPubSubConnection<String, String>> connecting =
          client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture();
      connecting.whenComplete((c, error) -> {
        if (error != null) {
          fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "Redis at " + safeEndpoint() + " is unreachable: "
              + rootMessage(error));
          return;
        }
        if (!adopt(c)) {
          return;
        }
        c.addListener(new RedisPubSubAdapter<>() {
          @Override
          public void message(String ch, String message) {
            offer(message);
          }

          @Override
          public void message(String pattern, String ch, String message) {
            offer(message);
          }
        });
        CompletionStage<Void> subscribing = channel != null
            ? c.async().subscribe(channel).toCompletableFuture()
            : c.async().psubscribe(pattern).toCompletableFuture();
        // The headers go out once Redis confirmed the subscription: a client that has them misses nothing after.
        subscribing.whenComplete((ok, e) -> {
          if (e != null) {
            fail(HttpResponseStatus.BAD_GATEWAY, "Redis refused to subscribe: " + rootMessage(e));
          } else {
            begin(channel != null ? "channel " + channel : "pattern " + pattern);
          }
        });
      });
    }

    void follow(String key, String field, int replay, String lastEventId) {
      this.key = key;
      this.field = field;
      CompletableFuture<StatefulRedisConnection<String, String>> connecting =
          client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
      connecting.whenComplete((c, error) -> {
        if (error != null) {
          fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "Redis at " + safeEndpoint() + " is unreachable: "
              + rootMessage(error));
          return;
        }
        if (!adopt(c)) {
          return;
        }
        if (lastEventId != null) {
          // A reconnecting EventSource: go on after the last entry it saw, without a replay.
          lastId = lastEventId;
          begin("stream " + key + " after " + lastEventId);
          read();
          return;
        }
        c.async().xrevrange(key, Range.unbounded(), Limit.from(Math.max(1, replay))).whenComplete((entries, e) -> {
          if (e != null) {
            fail(HttpResponseStatus.BAD_GATEWAY, "cannot read stream '" + key + "': " + rootMessage(e));
            return;
          }
          lastId = entries.isEmpty() ? "0-0" : entries.get(0).getId();
          begin("stream " + key);
          for (int i = Math.min(replay, entries.size()) - 1; i >= 0; i--) {
            send(entries.get(i));
          }
          read();
        });
      });
    }

    /** The next XREAD BLOCK, unless the client has too much waiting: then it resumes once the client caught up. */
    @SuppressWarnings("unchecked")
    private void read() {
      if (closedOnce.get()) {
        return;
      }
      if (pending.get() >= config.clientBuffer()) {
        paused.set(true);
        if (pending.get() >= config.clientBuffer() || !paused.compareAndSet(true, false)) {
          return;
        }
      }
      StatefulRedisConnection<String, String> c = (StatefulRedisConnection<String, String>) conn;
      c.async().xread(XReadArgs.Builder.block(BLOCK_MS).count(READ_COUNT), XReadArgs.StreamOffset.from(key, lastId))
          .whenComplete((entries, e) -> {
            if (e != null) {
              if (!closedOnce.get()) {
                LOG.debug("activity stream {}: XREAD failed: {}", key, rootMessage(e));
                ch.close(); // the client reconnects and resumes by Last-Event-ID
              }
              return;
            }
            for (StreamMessage<String, String> m : entries) {
              send(m);
              lastId = m.getId();
            }
            read();
          });
    }

    private void send(StreamMessage<String, String> m) {
      Map<String, String> body = m.getBody();
      String data = body.get(field);
      if (data == null) {
        // No such field: the entry's fields as one JSON object, so nothing is silently skipped.
        JsonWriter w = new JsonWriter(128).beginObject();
        body.forEach((k, v) -> w.name(k).value(v));
        data = w.endObject().toString();
      }
      pending.incrementAndGet();
      write(event(m.getId(), data));
    }

    /** A pub/sub message: written unless the client already has {@code client_buffer} waiting; then counted. */
    private void offer(String message) {
      if (closedOnce.get()) {
        return;
      }
      if (pending.incrementAndGet() > config.clientBuffer()) {
        pending.decrementAndGet();
        droppedHere++; // only Lettuce's one thread for this connection writes it
        dropped.increment();
        return;
      }
      write(event(null, message));
    }

    private void write(String text) {
      ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
      ch.writeAndFlush(new DefaultHttpContent(buf)).addListener(f -> {
        int left = pending.decrementAndGet();
        if (left <= config.clientBuffer() / 2 && paused.compareAndSet(true, false)) {
          read();
        }
      });
    }

    /** Takes the connection; false (and closes it) if the client left meanwhile. */
    private boolean adopt(StatefulConnection<String, String> c) {
      conn = c;
      sessionsByConnection.put(c, this);
      if (closedOnce.get()) {
        sessionsByConnection.remove(c);
        c.closeAsync();
        return false;
      }
      if (!c.isOpen()) {
        redisLost(); // lost before it was registered
        return false;
      }
      return true;
    }

    /**
     * Redis dropped the connection (it closes a subscriber that falls 32 MiB behind, for one): the response ends,
     * as autoReconnect is off, and the EventSource reconnects. Without this the client would get only heartbeats.
     */
    void redisLost() {
      if (!closedOnce.get()) {
        LOG.debug("activity stream: the Redis connection was lost; ending the response");
        ch.close();
      }
    }

    /** Sends the SSE headers and starts the heartbeat. */
    private void begin(String what) {
      HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
      res.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
      res.headers().set("X-Accel-Buffering", "no");
      HttpUtil.setTransferEncodingChunked(res, true);
      started = true;
      ch.write(res);
      write("retry: " + RETRY_MS + "\n: relay activity stream: " + what.replaceAll("[\r\n]", " ") + "\n\n");
      long every = config.heartbeat().toMillis();
      heartbeat = ch.eventLoop().scheduleAtFixedRate(this::ping, every, every, TimeUnit.MILLISECONDS);
      if (closedOnce.get()) {
        heartbeat.cancel(false);
      }
    }

    /** On the event loop: a comment line keeps proxies from timing out; it also reports drops, if any. */
    private void ping() {
      long d = droppedHere;
      StringBuilder b = new StringBuilder();
      if (d != droppedReported) {
        droppedReported = d;
        b.append("event: dropped\ndata: {\"dropped\":").append(d).append("}\n\n");
      }
      b.append(": ping\n\n");
      ch.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(b, StandardCharsets.UTF_8)));
    }

    /** Before the headers went out: an error response; after: the stream just ends. */
    private void fail(HttpResponseStatus status, String message) {
      if (started) {
        ch.close();
        return;
      }
      FullHttpResponse res = error(status, message);
      HttpUtil.setContentLength(res, res.content().readableBytes());
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ch.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    void close() {
      if (!closedOnce.compareAndSet(false, true)) {
        return;
      }
      clients.decrementAndGet();
      ScheduledFuture<?> h = heartbeat;
      if (h != null) {
        h.cancel(false);
      }
      StatefulConnection<String, String> c = conn;
      if (c != null) {
        sessionsByConnection.remove(c);
        c.closeAsync();
      }
    }
  }
}
