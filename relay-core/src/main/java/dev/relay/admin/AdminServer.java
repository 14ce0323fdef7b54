package dev.relay.admin;

import dev.relay.auth.ServerAuthenticator;
import dev.relay.config.TlsSettings;
import dev.relay.json.JsonWriter;
import dev.relay.tls.ServerTls;
import io.netty.handler.ssl.SslContext;
import dev.relay.component.PipelineId;
import dev.relay.otlp.Signal;
import dev.relay.ottl.OttlException;
import dev.relay.pipeline.PipelineGraph;
import dev.relay.pipeline.TapPoint;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import io.micrometer.core.instrument.Counter;
import dev.relay.net.ConnectionLimiter;
import dev.relay.net.QuietEventLoops;
import dev.relay.telemetry.Meters;
import io.micrometer.core.instrument.Gauge;

/**
 * Serves {@code GET /healthz}, {@code /readyz}, {@code /metrics}, {@code /activity/stream} and {@code /monitor} on
 * one small event loop. The handlers read in-memory state only, and the activity stream talks to Redis through
 * Lettuce's asynchronous API on Lettuce's own threads, so nothing on that loop blocks.
 */
public final class AdminServer implements AutoCloseable {
  private final String host;
  private final int port;
  private final PrometheusMeterRegistry registry;
  private final Supplier<PipelineGraph> graph;
  private final Duration tapHeartbeat;
  private final ActivityStreams activity;
  private final AtomicInteger tapClients = new AtomicInteger();
  private final ConnectionLimiter connections;
  private final Counter tapDropped;
  private volatile TapConfig tapLimits = TapConfig.defaults();
  private AdminGuards guards;
  private final Counter tapRefused;
  /** Decodes and matches for every {@code /tap} client, one session at a time, off the receiver threads. */
  private ExecutorService tapWorker;
  private EventLoopGroup group;
  private Channel channel;
  /** The server's TLS settings ({@code service.admin.tls}); null for plaintext. */
  private TlsSettings tlsSettings;
  private ServerTls tls;
  /** The admin authenticator ({@code service.admin.auth}); null: data paths are for loopback clients only. */
  private ServerAuthenticator authenticator;
  private boolean metricsAuth;
  private AdminAccess access;
  /** Runs the slow (bcrypt) credential checks, off the event loop; null without an authenticator. */
  private ExecutorService authPool;
  /** The {@code health_check} extension's path when it shares this server's endpoint; null otherwise. */
  private volatile String healthPath;
  /** {@code POST /reload}, when the service can reload; null otherwise. */
  private volatile ReloadEndpoint reload;
  /** The running config's hash for {@code /readyz}; null: not shown. */
  private volatile Supplier<String> configHash;

  private static final java.util.Set<String> OWN_PATHS =
      java.util.Set.of("/healthz", "/readyz", "/metrics", "/tap", "/activity/stream", "/monitor");

  /** Items a second a {@code /tap} client gets unless it asks for another {@code rate}. */
  static final int DEFAULT_TAP_RATE = 100;

  public AdminServer(String host, int port, PrometheusMeterRegistry registry, Supplier<PipelineGraph> graph) {
    this(host, port, registry, graph, ActivityConfig.none(), Duration.ofSeconds(15));
  }

  public AdminServer(String host, int port, PrometheusMeterRegistry registry, Supplier<PipelineGraph> graph,
      ActivityConfig activity) {
    this(host, port, registry, graph, activity, Duration.ofSeconds(15));
  }

  /** With the interval of the {@code /tap} heartbeat (a comment line that also reports drops). */
  public AdminServer(String host, int port, PrometheusMeterRegistry registry, Supplier<PipelineGraph> graph,
      Duration tapHeartbeat) {
    this(host, port, registry, graph, ActivityConfig.none(), tapHeartbeat);
  }

  public AdminServer(String host, int port, PrometheusMeterRegistry registry, Supplier<PipelineGraph> graph,
      ActivityConfig activity, Duration tapHeartbeat) {
    this.host = host;
    this.port = port;
    this.registry = registry;
    this.graph = graph;
    this.tapHeartbeat = tapHeartbeat;
    this.activity = new ActivityStreams(activity, registry);
    Counter refusedConnections = Counter.builder("relay.admin.refused.connections")
        .description("Admin connections closed on accept: " + AdminGuards.MAX_CONNECTIONS + " were open")
        .register(registry);
    this.connections = new ConnectionLimiter(AdminGuards.MAX_CONNECTIONS, refusedConnections::increment);
    Gauge.builder("relay.admin.tap.clients", tapClients, AtomicInteger::get)
        .description("Clients streaming /tap").register(registry);
    this.tapDropped = Counter.builder("relay.admin.tap.dropped.items")
        .description("Items not shown to /tap clients: over their rate or work budget, or while they read too slowly")
        .register(registry);
    this.tapRefused = Meters.counter(registry, Meters.ADMIN_REFUSED_REQUESTS, "reason", "tap_max_clients");
    this.guards = new AdminGuards(AdminTimeouts.DEFAULTS, registry);
  }

  /** The admin server's timeouts ({@code service.admin}). Call before {@link #start}. */
  public AdminServer timeouts(AdminTimeouts timeouts) {
    this.guards = new AdminGuards(timeouts, registry);
    return this;
  }

  /** {@code /tap}'s client limit and work budget ({@code service.admin.tap}). Call before {@link #start}. */
  public AdminServer limitTaps(TapConfig limits) {
    this.tapLimits = limits;
    return this;
  }

  /**
   * Also answers {@code path} as the Collector's {@code health_check} extension does (see
   * {@link HealthCheckServer#response}); the admin server's own paths keep their meaning. Call before {@link #start}.
   */
  public AdminServer serveHealthCheck(String path) {
    this.healthPath = path;
    return this;
  }

  /** Serves over TLS ({@code service.admin.tls}); null: plaintext. Call before {@link #start}. */
  public AdminServer tls(TlsSettings settings) {
    this.tlsSettings = settings;
    return this;
  }

  /**
   * Who may use the data paths and {@code /metrics} (see {@link AdminAccess}): {@code auth} null keeps them to
   * loopback clients. Call before {@link #start}.
   */
  public AdminServer access(ServerAuthenticator auth, boolean metricsAuth) {
    this.authenticator = auth;
    this.metricsAuth = metricsAuth;
    return this;
  }

  /** Serves {@code POST /reload} with {@code trigger} (see {@link ReloadEndpoint}). Call before {@link #start}. */
  public AdminServer serveReload(ReloadTrigger trigger) {
    this.reload = new ReloadEndpoint(trigger, host);
    return this;
  }

  /** Shows {@code hash} (the running configuration's) as {@code config} in {@code /readyz}. */
  public AdminServer showConfigHash(Supplier<String> hash) {
    this.configHash = hash;
    return this;
  }

  public void start() throws Exception {
    access = new AdminAccess(authenticator, metricsAuth, host, registry);
    if (authenticator != null) {
      authPool = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "relay-admin-auth");
        t.setDaemon(true);
        return t;
      });
    }
    SslContext ssl = null;
    if (tlsSettings != null) {
      tls = ServerTls.load(tlsSettings, "admin server");
      ssl = tls.httpContext();
    }
    SslContext sslContext = ssl;
    activity.start();
    tapWorker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "relay-tap");
      t.setDaemon(true);
      return t;
    });
    group = QuietEventLoops.nio(1, new DefaultThreadFactory("relay-admin"));
    try {
      channel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              guards.addFirst(ch.pipeline(), connections);
              if (sslContext != null) {
                ch.pipeline().addLast(sslContext.newHandler(ch.alloc()));
              }
              ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), new Handler());
              guards.addAfterCodec(ch.pipeline());
            }
          })
          .bind(new InetSocketAddress(host, port)).sync().channel();
    } catch (Exception e) {
      // Bind failures surface here as checked exceptions: do not leave the event loop running.
      group.shutdownGracefully();
      activity.close();
      closeTls();
      tapWorker.shutdownNow();
      throw e;
    }
  }

  /** The bound port (useful when configured as 0). */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  public String describe() {
    return "admin " + (tls != null ? "HTTPS" : "HTTP") + " on " + host + ":" + port() + " (/healthz, /readyz, /metrics, /tap, /activity/stream and"
        + " /monitor with " + activity.describe() + (healthPath == null ? "" : "; health_check on " + healthPath)
        + "; " + (authenticator != null ? "data paths" + (metricsAuth ? " and /metrics" : "") + " need credentials"
            : "data paths for loopback clients only") + ")";
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    if (group != null) {
      // A short quiet period: open activity streams would otherwise hold shutdown for the default two seconds.
      group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
    activity.close();
    ReloadEndpoint r = reload;
    if (r != null) {
      r.close();
    }
    if (tapWorker != null) {
      tapWorker.shutdownNow();
    }
    closeTls();
  }

  private void closeTls() {
    if (tls != null) {
      tls.close();
    }
    if (authPool != null) {
      authPool.shutdownNow();
    }
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Set once this connection carries an event stream: later requests on it are ignored. */
    private boolean streaming;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      if (streaming) {
        return;
      }
      if (req.decoderResult().isFailure()) {
        FullHttpResponse res = text(MalformedRequests.status(req.decoderResult().cause()),
            "malformed request: " + MalformedRequests.reason(req.decoderResult().cause()) + "\n");
        HttpUtil.setContentLength(res, res.content().readableBytes());
        res.headers().set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      String uri = req.uri();
      int q = uri.indexOf('?');
      String path = q >= 0 ? uri.substring(0, q) : uri;
      AdminAccess.Verdict verdict = access.check(AdminAccess.kindOf(path, healthPath), ctx.channel().remoteAddress(),
          req.headers().get(HttpHeaderNames.HOST), req.headers()::get);
      if (!verdict.deferred()) {
        serve(ctx, req, path, verdict);
        return;
      }
      // A credential not seen before (bcrypt): checked on the auth thread, then served back on the event loop.
      req.retain();
      ctx.channel().config().setAutoRead(false);
      authPool.execute(() -> {
        AdminAccess.Verdict checked = access.authenticate(req.headers()::get);
        ctx.executor().execute(() -> {
          try {
            ctx.channel().config().setAutoRead(true);
            serve(ctx, req, path, checked);
          } finally {
            req.release();
          }
        });
      });
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest req, String path, AdminAccess.Verdict verdict) {
      FullHttpResponse res;
      if (!verdict.served()) {
        res = text(HttpResponseStatus.valueOf(verdict.status()), verdict.body());
        if (verdict.challenge() != null) {
          res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, verdict.challenge());
        }
        HttpUtil.setContentLength(res, res.content().readableBytes());
        HttpUtil.setKeepAlive(res, false);
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      ReloadEndpoint reloads = reload;
      if (reloads != null && path.equals("/reload")) {
        // Past the access check: a loopback client without admin auth, or an authenticated one.
        reloads.handle(ctx, req, access.authenticated()); // answers from its own thread, not this event loop
        return;
      }
      String health = healthPath;
      if (health != null && path.equals(health) && !OWN_PATHS.contains(path)) {
        if (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD)) {
          res = HealthCheckServer.response(graph.get());
        } else {
          res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET\n");
          res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        }
      } else if (path.equals("/activity/stream") && req.method().equals(HttpMethod.GET)) {
        res = activity.handle(ctx.channel(), req.uri(), req.headers().get("Last-Event-ID"));
        if (res == null) {
          streaming = true; // the channel now carries the event stream until either side closes it
          return;
        }
      } else if (path.equals("/activity/stream")) {
        res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET\n");
        res.headers().set(HttpHeaderNames.ALLOW, "GET");
      } else if (path.equals("/tap") && req.method().equals(HttpMethod.GET)) {
        res = openTap(ctx, req);
        if (res == null) {
          streaming = true;
          return;
        }
      } else if (path.equals("/monitor")
          && (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD))) {
        res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
            Unpooled.wrappedBuffer(MonitorPage.bytes()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        // The page may load nothing from elsewhere: it is self-contained by design, and this keeps it so.
        res.headers().set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:");
      } else if (!path.equals("/healthz") && !path.equals("/readyz") && !path.equals("/metrics")
          && !path.equals("/monitor") && !path.equals("/tap")) {
        res = text(HttpResponseStatus.NOT_FOUND, "not found: " + path
            + " (try /healthz, /readyz, /metrics, /tap, /activity/stream, /monitor)\n");
      } else if (!req.method().equals(HttpMethod.GET)
          && (!req.method().equals(HttpMethod.HEAD) || path.equals("/tap"))) {
        res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET\n");
        res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      } else {
        res = switch (path) {
          case "/healthz" -> text(HttpResponseStatus.OK, "ok\n");
          case "/readyz" -> ready();
          default -> metrics();
        };
      }
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      HttpUtil.setContentLength(res, res.content().readableBytes());
      if (req.method().equals(HttpMethod.HEAD)) {
        res.content().clear();
      }
      if (keepAlive) {
        HttpUtil.setKeepAlive(res, true);
        ctx.writeAndFlush(res);
      } else {
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
      }
    }

    /**
     * Starts a {@code /tap} stream and returns null, or returns the error response: 400 for a bad parameter, 404 for
     * an unknown pipeline, 503 before the pipelines run.
     */
    private FullHttpResponse openTap(ChannelHandlerContext ctx, FullHttpRequest req) {
      QueryStringDecoder query = new QueryStringDecoder(req.uri());
      String pipelineName;
      try {
        pipelineName = param(query, "pipeline"); // decodes the query: a bad %-escape throws here
      } catch (IllegalArgumentException e) {
        return text(HttpResponseStatus.BAD_REQUEST, "malformed query: " + e.getMessage() + "\n");
      }
      if (pipelineName == null || pipelineName.isBlank()) {
        return text(HttpResponseStatus.BAD_REQUEST, "pipeline is required, e.g. /tap?pipeline=traces\n");
      }
      PipelineGraph g = graph.get();
      if (g == null) {
        return text(HttpResponseStatus.SERVICE_UNAVAILABLE, "the pipelines are not running\n");
      }
      int slash = pipelineName.indexOf('/');
      Signal signal = Signal.fromConfigName(slash < 0 ? pipelineName : pipelineName.substring(0, slash));
      TapPoint point = signal == null ? null
          : g.tap(new PipelineId(signal, slash < 0 ? "" : pipelineName.substring(slash + 1)));
      if (point == null) {
        return text(HttpResponseStatus.NOT_FOUND, "no pipeline '" + pipelineName + "' (pipelines: "
            + String.join(", ", g.config().pipelines().keySet().stream().map(Object::toString).toList()) + ")\n");
      }
      int rate;
      try {
        String r = param(query, "rate");
        rate = r == null ? DEFAULT_TAP_RATE : Integer.parseInt(r.trim());
        if (rate < 1 || rate > 100_000) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        return text(HttpResponseStatus.BAD_REQUEST, "rate must be a whole number from 1 to 100000 (items a second)\n");
      }
      SseWriter sse = new SseWriter(ctx.channel());
      TapSession session;
      TapConfig limits = tapLimits;
      try {
        session = TapSession.open(sse, point.pipeline(), param(query, "match"), rate, tapWorker, limits, tapDropped);
      } catch (OttlException e) {
        return text(HttpResponseStatus.BAD_REQUEST, "invalid match: " + e.getMessage() + "\n");
      }
      if (tapClients.incrementAndGet() > limits.maxClients()) {
        tapClients.decrementAndGet();
        tapRefused.increment();
        return text(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many /tap clients (max_clients is "
            + limits.maxClients() + ")\n");
      }
      sse.start("tapping " + point.pipeline() + " at most " + rate + " items/s");
      point.attach(session);
      var heartbeat = sse.heartbeat(tapHeartbeat, session::flushDropped);
      ctx.channel().closeFuture().addListener(f -> {
        point.detach(session);
        heartbeat.cancel(false);
        tapClients.decrementAndGet();
      });
      return null;
    }

    private static String param(QueryStringDecoder query, String name) {
      var values = query.parameters().get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** 200 once every component started and until shutdown begins; the body lists each one's state. */
    private FullHttpResponse ready() {
      PipelineGraph g = graph.get();
      boolean ready = g != null && g.running();
      JsonWriter w = new JsonWriter(256).beginObject().name("status").value(ready ? "ready" : "not_ready");
      Supplier<String> hash = configHash;
      if (hash != null) {
        w.name("config").value(hash.get());
      }
      w.name("components").beginObject();
      if (g != null) {
        for (Map.Entry<String, String> e : g.states().entrySet()) {
          w.name(e.getKey()).value(e.getValue());
        }
      }
      w.endObject().endObject();
      FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
          Unpooled.wrappedBuffer(w.toByteArray()));
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
      return res;
    }

    private FullHttpResponse metrics() {
      FullHttpResponse res = text(HttpResponseStatus.OK, registry.scrape());
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
      return res;
    }

    private FullHttpResponse text(HttpResponseStatus status, String body) {
      FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
          Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      return res;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof io.netty.handler.timeout.IdleStateEvent) {
        if (!streaming) {
          guards.idleClosed();
          ctx.close(); // an event stream has its heartbeat; anything else idle this long is closed
        }
        return;
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
