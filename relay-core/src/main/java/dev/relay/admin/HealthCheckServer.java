package dev.relay.admin;

import dev.relay.net.QuietEventLoops;
import dev.relay.pipeline.PipelineGraph;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The {@code health_check} extension's own listener, for when its endpoint is not the admin server's: it answers
 * its path only (see {@link #response}); everything else is {@code 404}.
 */
public final class HealthCheckServer implements AutoCloseable {
  private final HealthCheckSettings settings;
  private final Supplier<PipelineGraph> graph;
  private EventLoopGroup group;
  private Channel channel;

  public HealthCheckServer(HealthCheckSettings settings, Supplier<PipelineGraph> graph) {
    this.settings = settings;
    this.graph = graph;
  }

  public void start() throws Exception {
    group = QuietEventLoops.nio(1, new DefaultThreadFactory("relay-health"));
    try {
      channel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8 * 1024), new Handler());
            }
          })
          .bind(new InetSocketAddress(settings.server().host(), settings.server().port())).sync().channel();
    } catch (Exception e) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The bound port (useful when configured as 0). */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  public String describe() {
    return "health_check on " + settings.server().host() + ":" + port() + settings.path();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /**
   * The Collector's answer: {@code 200 {"status":"Server available"}} while the pipelines run (started, and not
   * yet shutting down), else {@code 503 {"status":"Server not available"}}.
   */
  static FullHttpResponse response(PipelineGraph g) {
    boolean up = g != null && g.running();
    String body = up ? "{\"status\":\"Server available\"}" : "{\"status\":\"Server not available\"}";
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
        Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    return res;
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
      // As Go's ServeMux, where the Collector registers it: a path ending in '/' answers its whole subtree (the
      // default '/' answers every path), another only itself; and any method is answered.
      String served = settings.path();
      if (!(path.equals(served) || served.endsWith("/") && path.startsWith(served))) {
        res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
            Unpooled.wrappedBuffer(("not found: " + path + " (the health check is " + settings.path() + ")\n")
                .getBytes(StandardCharsets.UTF_8)));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      } else {
        res = response(graph.get());
      }
      HttpUtil.setContentLength(res, res.content().readableBytes());
      if (req.method().equals(HttpMethod.HEAD)) {
        res.content().clear();
      }
      if (HttpUtil.isKeepAlive(req)) {
        HttpUtil.setKeepAlive(res, true);
        ctx.writeAndFlush(res);
      } else {
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
