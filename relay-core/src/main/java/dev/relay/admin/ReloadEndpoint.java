package dev.relay.admin;

import dev.relay.json.JsonWriter;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code POST /reload}: applies the config files again and answers
 * {@code {"result":"success"|"failed"|"unchanged","faults":[...]}} (200; 409 when it failed). A reload can take
 * up to the drain timeout, so it runs on its own thread, never on the admin server's event loop; reloads queue up
 * one after another.
 */
final class ReloadEndpoint implements AutoCloseable {
  private final ReloadTrigger trigger;
  private final boolean loopbackOnly;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "relay-admin-reload");
    t.setDaemon(true);
    return t;
  });

  ReloadEndpoint(ReloadTrigger trigger, String host) {
    this.trigger = trigger;
    this.loopbackOnly = isLoopback(host);
  }

  /**
   * Whether a request may reload: when the admin server listens on loopback, so only this host can ask, or when
   * the admin server has {@code auth} and the request passed it ({@code authenticated}).
   */
  private boolean allowed(boolean authenticated) {
    return loopbackOnly || authenticated;
  }

  /** {@code authenticated}: the admin server has {@code auth}, and this request's credentials passed it. */
  void handle(ChannelHandlerContext ctx, FullHttpRequest req, boolean authenticated) {
    if (!req.method().equals(HttpMethod.POST)) {
      FullHttpResponse res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use POST\n");
      res.headers().set(HttpHeaderNames.ALLOW, "POST");
      write(ctx, req, res);
      return;
    }
    if (req.headers().contains(HttpHeaderNames.ORIGIN)) {
      // A browser sends Origin with every cross-site POST: a web page must not make the relay reload.
      write(ctx, req, text(HttpResponseStatus.FORBIDDEN, "POST /reload is not served to browsers\n"));
      return;
    }
    if (!allowed(authenticated)) {
      write(ctx, req, text(HttpResponseStatus.FORBIDDEN, "POST /reload is served only when the admin server"
          + " listens on loopback or has auth; send SIGHUP or use --watch-config\n"));
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    worker.execute(() -> {
      ReloadTrigger.Answer a = trigger.reload();
      JsonWriter w = new JsonWriter(256).beginObject().name("result").value(a.result()).name("faults").beginArray();
      a.faults().forEach(w::value);
      w.endArray().endObject();
      FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          "failed".equals(a.result()) ? HttpResponseStatus.CONFLICT : HttpResponseStatus.OK,
          Unpooled.wrappedBuffer(w.toByteArray()));
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
      send(ctx, keepAlive, res);
    });
  }

  private static void write(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res) {
    send(ctx, HttpUtil.isKeepAlive(req), res);
  }

  private static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse res) {
    HttpUtil.setContentLength(res, res.content().readableBytes());
    if (keepAlive) {
      HttpUtil.setKeepAlive(res, true);
      ctx.writeAndFlush(res);
    } else {
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return res;
  }

  static boolean isLoopback(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
