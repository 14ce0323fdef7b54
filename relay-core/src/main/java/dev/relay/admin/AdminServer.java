package dev.relay.admin;

import dev.relay.json.JsonWriter;
import dev.relay.pipeline.PipelineGraph;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

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
  private final ActivityStreams activity;
  private EventLoopGroup group;
  private Channel channel;

  public AdminServer(String host, int port, PrometheusMeterRegistry registry, Supplier<PipelineGraph> graph) {
    this(host, port, registry, graph, ActivityConfig.none());
  }

  public AdminServer(String host, int port, PrometheusMeterRegistry registry, Supplier<PipelineGraph> graph,
      ActivityConfig activity) {
    this.host = host;
    this.port = port;
    this.registry = registry;
    this.graph = graph;
    this.activity = new ActivityStreams(activity, registry);
  }

  public void start() throws Exception {
    activity.start();
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      channel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), new Handler());
            }
          })
          .bind(new InetSocketAddress(host, port)).sync().channel();
    } catch (Exception e) {
      // Bind failures surface here as checked exceptions: do not leave the event loop running.
      group.shutdownGracefully();
      activity.close();
      throw e;
    }
  }

  /** The bound port (useful when configured as 0). */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  public String describe() {
    return "admin HTTP on " + host + ":" + port() + " (/healthz, /readyz, /metrics, /activity/stream and /monitor"
        + " with " + activity.describe() + ")";
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
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Set once this connection carries an event stream: later requests on it are ignored. */
    private boolean streaming;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      if (streaming) {
        return;
      }
      String path = req.uri();
      int q = path.indexOf('?');
      if (q >= 0) {
        path = path.substring(0, q);
      }
      FullHttpResponse res;
      if (path.equals("/activity/stream") && req.method().equals(HttpMethod.GET)) {
        res = activity.handle(ctx.channel(), req.uri(), req.headers().get("Last-Event-ID"));
        if (res == null) {
          streaming = true; // the channel now carries the event stream until either side closes it
          return;
        }
      } else if (path.equals("/activity/stream")) {
        res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET\n");
        res.headers().set(HttpHeaderNames.ALLOW, "GET");
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
          && !path.equals("/monitor")) {
        res = text(HttpResponseStatus.NOT_FOUND, "not found: " + path
            + " (try /healthz, /readyz, /metrics, /activity/stream, /monitor)\n");
      } else if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
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

    /** 200 once every component started and until shutdown begins; the body lists each one's state. */
    private FullHttpResponse ready() {
      PipelineGraph g = graph.get();
      boolean ready = g != null && g.running();
      JsonWriter w = new JsonWriter(256).beginObject().name("status").value(ready ? "ready" : "not_ready");
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
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
