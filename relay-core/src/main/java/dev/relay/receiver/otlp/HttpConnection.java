package dev.relay.receiver.otlp;

import com.google.rpc.Code;
import dev.relay.component.InFlightBudget;
import dev.relay.auth.AuthResult;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One OTLP/HTTP connection, on its event loop: checks each request's head, reads its body within
 * {@code max_request_body_size} and {@code read_timeout}, and runs {@link HttpExport} on it: right there on the
 * event loop when nothing it does may block (the signal's pipeline never blocks, and the credentials need no slow
 * check), else on the pool. While a request is with the pool the connection is not read from, so it holds at most
 * one body, and a client that sends faster than the pipeline takes is slowed by TCP itself. Every field is touched
 * on the connection's event loop only.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
  /** Body bytes read and dropped after a refusal that ends the connection, so the client can read the answer. */
  static final long DRAIN_BYTES = 1024 * 1024;

  private final OtlpHttpConfig config;
  private final OtlpHttpRoutes routes;
  private final CorsResponses cors;
  private final HttpExport export;
  private final Executor pool;
  private final Counter refusedRequests;
  /** The protocol's authenticator; null without {@code auth}. */
  private final ReceiverAuth auth;
  private final BodyBuffer body;
  /** Requests (heads and body parts) decoded while one was with the pool: answered after it, in order. */
  private final ArrayDeque<Object> pipelined = new ArrayDeque<>();
  private final InFlightBudget budget;
  /** What the request being read holds of the budget; handed to the pool with the body. */
  private Reservation reservation;
  /** What the authenticator said about the current request's client (empty: nothing, or no authenticator). */
  private Map<String, String> identity = Map.of();
  /** The current request's headers when only the full (slow) check can tell: it runs on the pool. */
  private HttpHeaders deferredAuth;
  private RequestHead head;
  /** The rest of a refused request's body is read and dropped. */
  private boolean discarding;
  /**
   * After a refusal that closes the connection: how many more body bytes are read and dropped first, so that a
   * client still sending its body can read the answer instead of a reset; -1 when not draining.
   */
  private long drainLeft = -1;
  private ChannelFuture refusalWritten;
  /**
   * Fired at each open connection when its receiver stops: it finishes the request it is on, answers it with
   * {@code Connection: close} and closes; one between requests closes at once.
   */
  static final Object FINISH_AND_CLOSE = new Object() {
    @Override
    public String toString() {
      return "finish the current request and close";
    }
  };

  /** A request is with the pool; the connection is not read until it is answered. */
  private boolean busy;
  /** Set by {@link #FINISH_AND_CLOSE}: the answer now being made is this connection's last. */
  private boolean closing;
  private ScheduledFuture<?> readTimer;

  HttpConnection(OtlpHttpConfig config, OtlpHttpRoutes routes, CorsResponses cors, HttpExport export, Executor pool,
      Counter refusedRequests, ReceiverAuth auth, InFlightBudget budget) {
    this.auth = auth;
    this.config = config;
    this.budget = budget;
    this.routes = routes;
    this.cors = cors;
    this.export = export;
    this.pool = pool;
    this.refusedRequests = refusedRequests;
    this.body = new BodyBuffer(config.maxRequestBodySize());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (busy || !pipelined.isEmpty()) {
      // HTTP pipelining: what the decoder already holds of the next requests waits for this one's answer. The
      // connection is not read meanwhile, so this is at most what one read brought in.
      pipelined.add(msg);
      return;
    }
    handle(ctx, msg);
  }

  /** Answers the requests that were pipelined behind the one just answered, in order, until one goes to the pool. */
  private void resumePipelined(ChannelHandlerContext ctx) {
    Object next;
    while (!busy && (next = pipelined.poll()) != null) {
      handle(ctx, next);
    }
    if (!busy && ctx.channel().isActive()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void handle(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest req) {
        onHead(ctx, req);
      }
      if (msg instanceof HttpContent content) {
        onContent(ctx, content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onHead(ChannelHandlerContext ctx, HttpRequest req) {
    clearRequest();
    discarding = false;
    HttpHeaders h = req.headers();
    BodyFormat format = BodyFormat.of(h.get(HttpHeaderNames.CONTENT_TYPE));
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    String allowedOrigin = cors.allowedOrigin(h.get(HttpHeaderNames.ORIGIN));
    if (!req.decoderResult().isSuccess()) {
      refuse(ctx, format, false, allowedOrigin, HttpRefusal.malformed(req.decoderResult().cause()));
      return;
    }
    String path = req.uri();
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    boolean hasBody = HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0;
    boolean keep = keepAlive && !hasBody;
    if (cors.isPreflight(req)) {
      send(ctx, cors.preflight(req), keep);
      discarding = true;
      return;
    }
    try {
      RequestHead checked = RequestHead.check(req, path, routes.signal(path), format, keepAlive, allowedOrigin,
          config.includeMetadata());
      authenticate(h);
      long declared = HttpUtil.getContentLength(req, -1L);
      if (declared > config.maxRequestBodySize()) {
        refuseAndDrain(ctx, format, allowedOrigin, tooLarge("the body (" + declared + " bytes)"), false);
        return;
      }
      head = checked;
      reservation = new Reservation(budget);
      body.start(declared);
      readTimer = ctx.executor().schedule(() -> readTimedOut(ctx), config.readTimeout().toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (HttpRefusal r) {
      if (hasBody) {
        refuseAndDrain(ctx, format, allowedOrigin, r, false);
      } else {
        refuse(ctx, format, keep, allowedOrigin, r);
        discarding = true;
      }
    }
  }

  /**
   * Checks the credentials where that is quick (a token, a credential seen before) and refuses with 401 when they
   * are missing or wrong; otherwise leaves the full check (bcrypt) to the pool, before the body is used.
   */
  private void authenticate(HttpHeaders h) throws HttpRefusal {
    identity = Map.of();
    deferredAuth = null;
    if (auth == null) {
      return;
    }
    AuthResult quick = auth.authenticator().quickCheck(h::get);
    if (quick == null) {
      deferredAuth = h.copy();
    } else if (!quick.authenticated()) {
      auth.refused(quick);
      throw HttpRefusal.unauthenticated(ReceiverAuth.message(quick), auth.authenticator().challenge());
    } else {
      identity = quick.identity();
    }
  }

  /**
   * Answers with {@code Connection: close}, then reads and drops up to {@link #DRAIN_BYTES} more of the body before
   * closing ({@code last}: the body has already ended, close once the answer is written).
   */
  private void refuseAndDrain(ChannelHandlerContext ctx, BodyFormat format, String origin, HttpRefusal r,
      boolean last) {
    refusedRequests.increment();
    FullHttpResponse res = ErrorResponses.of(format, r);
    cors.allow(res, origin);
    HttpUtil.setContentLength(res, res.content().readableBytes());
    HttpUtil.setKeepAlive(res, false);
    refusalWritten = ctx.writeAndFlush(res);
    discarding = true;
    if (last) {
      refusalWritten.addListener(ChannelFutureListener.CLOSE);
    } else {
      drainLeft = DRAIN_BYTES;
      // Bounded in time too: a client that stops sending is disconnected after read_timeout.
      ctx.executor().schedule(() -> {
        ctx.close();
      }, config.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void readTimedOut(ChannelHandlerContext ctx) {
    if (head != null && !busy) {
      RequestHead h = head;
      clearRequest();
      refuse(ctx, h.format(), false, h.origin(), new HttpRefusal(HttpResponseStatus.REQUEST_TIMEOUT,
          Code.DEADLINE_EXCEEDED, "the request body did not arrive within " + config.readTimeout().toMillis()
              + " ms"));
      discarding = true;
    }
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (discarding || head == null) {
      if (drainLeft >= 0) {
        drainLeft -= content.content().readableBytes();
        if (last || drainLeft < 0) {
          drainLeft = -1;
          refusalWritten.addListener(ChannelFutureListener.CLOSE);
        }
        return;
      }
      if (last) {
        discarding = false;
      }
      return;
    }
    int arriving = content.content().readableBytes();
    if (!reservation.tryGrow(arriving)) {
      // Refused before the bytes are kept: the body read so far is dropped, and the client told to come back.
      RequestHead h = head;
      long wanted = reservation.held() + arriving;
      clearRequest();
      refuseAndDrain(ctx, h.format(), h.origin(), wanted > budget.limit()
          ? new HttpRefusal(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Code.RESOURCE_EXHAUSTED,
              "the body is larger than the receivers' in-flight budget (" + budget.limit() + " bytes)")
          : Reservation.overBudget(budget), last);
      return;
    }
    if (!body.append(content.content())) {
      RequestHead h = head;
      clearRequest();
      refuseAndDrain(ctx, h.format(), h.origin(), tooLarge("the body"), last);
      return;
    }
    if (!last) {
      return;
    }
    RequestHead h = head;
    byte[] b = body.take();
    Reservation held = reservation;
    reservation = null; // the pool's now: released once the request is answered
    Map<String, String> client = identity;
    HttpHeaders deferred = deferredAuth;
    clearRequest();
    busy = true;
    ctx.channel().config().setAutoRead(false);
    if (deferred == null && !h.signal().capabilities().mayBlock()) {
      process(ctx, h, b, client, null, held); // saves two thread hand-offs; see HttpExport
      return;
    }
    try {
      pool.execute(() -> process(ctx, h, b, client, deferred, held));
    } catch (RejectedExecutionException e) {
      held.releaseAll();
      respond(ctx, h, new HttpRefusal(HttpResponseStatus.SERVICE_UNAVAILABLE, Code.UNAVAILABLE,
          "the relay is shutting down"));
    }
  }

  private HttpRefusal tooLarge(String what) {
    return HttpRefusal.tooLarge(what, config.maxRequestBodySize());
  }

  private void clearRequest() {
    head = null;
    identity = Map.of();
    deferredAuth = null;
    body.clear();
    if (reservation != null) {
      reservation.releaseAll();
      reservation = null;
    }
    if (readTimer != null) {
      readTimer.cancel(false);
      readTimer = null;
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == FINISH_AND_CLOSE) {
      closing = true;
    }
    if ((evt instanceof IdleStateEvent || evt == FINISH_AND_CLOSE) && !busy && head == null) {
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    clearRequest();
    for (Object m; (m = pipelined.poll()) != null; ) {
      ReferenceCountUtil.release(m);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    clearRequest();
    ctx.close();
  }

  /**
   * Runs on the pool, or on the event loop when nothing may block: the request goes to the pipeline, and its answer
   * back to the client.
   */
  private void process(ChannelHandlerContext ctx, RequestHead h, byte[] raw, Map<String, String> client,
      HttpHeaders deferred, Reservation held) {
    try {
      if (deferred != null) {
        AuthResult result = auth.authenticator().authenticate(deferred::get);
        if (!result.authenticated()) {
          auth.refused(result);
          throw HttpRefusal.unauthenticated(ReceiverAuth.message(result), auth.authenticator().challenge());
        }
        client = result.identity();
      }
      FullHttpResponse ok = export.export(h, raw, client, held);
      held.releaseAll();
      finish(ctx, h, ok);
    } catch (HttpRefusal r) {
      held.releaseAll();
      respond(ctx, h, r);
    } catch (RuntimeException | Error e) {
      held.releaseAll();
      // Nothing will answer this request: close rather than leave the connection busy and unread for good.
      ctx.executor().execute(ctx::close);
      throw e;
    }
  }

  private void respond(ChannelHandlerContext ctx, RequestHead h, HttpRefusal r) {
    if (!r.byPipeline) {
      refusedRequests.increment();
    }
    finish(ctx, h, ErrorResponses.of(h.format(), r));
  }

  /** Sends the answer to a processed request, then reads the connection again (or closes it). */
  private void finish(ChannelHandlerContext ctx, RequestHead h, FullHttpResponse res) {
    cors.allow(res, h.origin());
    HttpUtil.setContentLength(res, res.content().readableBytes());
    boolean keepAlive = h.keepAlive() && !closing;
    HttpUtil.setKeepAlive(res, keepAlive);
    ctx.writeAndFlush(res).addListener((ChannelFutureListener) f -> {
      busy = false;
      if (!keepAlive || !f.isSuccess()) {
        ctx.close();
      } else {
        resumePipelined(ctx);
      }
    });
  }

  /** Answers a request refused on the event loop; the connection is closed unless it can carry on. */
  private void refuse(ChannelHandlerContext ctx, BodyFormat format, boolean keepAlive, String origin,
      HttpRefusal r) {
    refusedRequests.increment();
    FullHttpResponse res = ErrorResponses.of(format, r);
    cors.allow(res, origin);
    send(ctx, res, keepAlive);
  }

  private void send(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAliveAsked) {
    boolean keepAlive = keepAliveAsked && !closing;
    HttpUtil.setContentLength(res, res.content().readableBytes());
    HttpUtil.setKeepAlive(res, keepAlive);
    ChannelFuture future = ctx.writeAndFlush(res);
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }
}
