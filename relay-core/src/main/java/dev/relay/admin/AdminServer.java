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
 * Serves {@code GET /healthz}, {@code /readyz} and {@code /metrics} on one small event loop. The handlers read
 * in-memory state only, so nothing on that loop blocks.
 */
public final class AdminServer implements AutoCloseable {
  private final String host;
  private final int port;
  private final PrometheusMeterRegistry registry;
  private final Supplier<PipelineGraph> graph;
  private EventLoopGroup group;
  private Channel channel;

  public AdminServer(String host, int port, PrometheusMeterRegistry registry, Supplier<PipelineGraph> graph) {
    this.host = host;
    this.port = port;
    this.registry = registry;
    this.graph = graph;
  }

  public void start() throws Exception {
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
      throw e;
    }
  }

  /** The bound port (useful when configured as 0). */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  public String describe() {
    return "admin HTTP on " + host + ":" + port() + " (/healthz, /readyz, /metrics)";
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    if (group != null) {
      group.shutdownGracefully().syncUninterruptibly();
    }
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      String path = req.uri();
      int q = path.indexOf('?');
      if (q >= 0) {
        path = path.substring(0, q);
      }
      FullHttpResponse res;
      if (!path.equals("/healthz") && !path.equals("/readyz") && !path.equals("/metrics")) {
        res = text(HttpResponseStatus.NOT_FOUND, "not found: " + path + " (try /healthz, /readyz, /metrics)\n");
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
