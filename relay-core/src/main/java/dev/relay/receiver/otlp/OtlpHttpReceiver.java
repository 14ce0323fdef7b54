package dev.relay.receiver.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import dev.relay.component.Component;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.ConsumeException;
import dev.relay.json.JsonWriter;
import dev.relay.otlp.OtlpJson;
import dev.relay.otlp.OtlpJsonException;
import dev.relay.telemetry.Meters;
import dev.relay.telemetry.ThrottlingLogger;
import io.micrometer.core.instrument.Counter;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP: {@code POST} a {@code application/x-protobuf} or {@code application/json} body, optionally gzip, to a
 * signal's path. Netty's event loop only reads bytes and checks headers; decompressing, reading JSON, validating
 * and handing the batch to the pipeline run on a small pool. While a connection's request is being processed the
 * connection is not read from, so each connection holds at most one body (at most {@code max_request_body_size},
 * counted both on the wire and after gunzip) and a client that sends faster than the pipeline takes is slowed by
 * TCP itself.
 */
public final class OtlpHttpReceiver implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpHttpReceiver.class);
  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";
  /** Seconds a client is told to wait (Retry-After) when the pipeline refuses a request for now. */
  static final int RETRY_AFTER_SECONDS = 1;
  /** Body bytes read and dropped after a refusal that ends the connection, so the client can read the answer. */
  static final long DRAIN_BYTES = 1024 * 1024;

  private final ComponentId id;
  private final OtlpHttpConfig config;
  /** Served paths and their signals. */
  private final Map<String, OtlpHttpSignal> routes = new LinkedHashMap<>();
  /** Paths of signals that no pipeline of this receiver carries, by path: answered 404 with a reason. */
  private final Map<String, String> unserved = new LinkedHashMap<>();
  private final Counter refusedRequests;
  private final ThrottlingLogger throttled = new ThrottlingLogger(LOG);
  private ExecutorService executor;
  private EventLoopGroup group;
  private Channel channel;

  OtlpHttpReceiver(ComponentId id, OtlpHttpConfig config, Map<String, OtlpHttpSignal> signals,
      TelemetrySettings telemetry) {
    this.id = id;
    this.config = config;
    addRoute(config.tracesUrlPath(), "traces", signals);
    addRoute(config.logsUrlPath(), "logs", signals);
    addRoute(config.metricsUrlPath(), "metrics", signals);
    this.refusedRequests = Meters.counter(telemetry.meterRegistry(), Meters.RECEIVER_REFUSED_REQUESTS,
        "receiver", id.toString(), "transport", "http");
  }

  private void addRoute(String path, String signal, Map<String, OtlpHttpSignal> signals) {
    OtlpHttpSignal s = signals.get(signal);
    if (s != null) {
      routes.put(path, s);
    } else {
      unserved.put(path, signal);
    }
  }

  @Override
  public void start() throws Exception {
    AtomicInteger n = new AtomicInteger();
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "relay-otlp-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    int ioThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("relay-otlp-http-io", true),
        NioIoHandler.newFactory());
    try {
      channel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(
                  new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                  new HttpServerCodec(),
                  new HttpServerExpectContinueHandler(),
                  new Handler());
            }
          })
          .bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
    } catch (Exception e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      executor.shutdownNow();
      throw new IOException("receiver " + id + " cannot listen on " + config.endpoint() + " (OTLP/HTTP): "
          + e.getMessage(), e);
    }
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void shutdown(Duration timeout) {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    if (group != null) {
      group.shutdownGracefully(0, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
          .awaitUninterruptibly(Math.max(1, timeout.toMillis()));
    }
    if (executor != null) {
      executor.shutdown();
    }
  }

  @Override
  public String state() {
    return channel != null && channel.isOpen() ? "listening" : "stopped";
  }

  @Override
  public String describe() {
    return "OTLP/HTTP on " + config.endpoint() + (channel != null && config.port() == 0 ? " (port " + port() + ")" : "")
        + " " + routes.keySet();
  }

  /** How a body is encoded, from its Content-Type; errors are answered in the same encoding. */
  enum Format {
    PROTOBUF, JSON, OTHER
  }

  static Format format(String contentType) {
    if (contentType == null) {
      return Format.OTHER;
    }
    int semi = contentType.indexOf(';');
    String mime = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return switch (mime) {
      case PROTOBUF -> Format.PROTOBUF;
      case JSON -> Format.JSON;
      default -> Format.OTHER;
    };
  }

  /** A request refused with an HTTP status, a gRPC code for the google.rpc.Status body, and a message. */
  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    final transient HttpResponseStatus status;
    final int code;
    /** The pipeline refused it (its spans are counted as refused there), as opposed to the request itself. */
    final boolean byPipeline;

    Refusal(HttpResponseStatus status, Code code, String message) {
      this(status, code, message, false);
    }

    Refusal(HttpResponseStatus status, Code code, String message, boolean byPipeline) {
      super(message, null, false, false);
      this.status = status;
      this.code = code.getNumber();
      this.byPipeline = byPipeline;
    }
  }

  /** What the event loop learnt from a request's head, carried to the pool with its body. */
  private record Head(OtlpHttpSignal signal, Format format, boolean gzip, boolean keepAlive, String origin) {}

  /** One handler per connection; every field is touched on the connection's event loop only. */
  private final class Handler extends ChannelInboundHandlerAdapter {
    private Head head;
    private byte[] body;
    private int length;
    /** The rest of a refused request's body is read and dropped. */
    private boolean discarding;
    /**
     * After a refusal that closes the connection: how many more body bytes are read and dropped first, so that a
     * client still sending its body can read the answer instead of a reset; -1 when not draining.
     */
    private long drainLeft = -1;
    private io.netty.channel.ChannelFuture refusalWritten;
    /** A request is with the pool; the connection is not read until it is answered. */
    private boolean busy;
    private ScheduledFuture<?> readTimer;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (busy) {
          // HTTP pipelining while a request is processed: not supported; drop the connection.
          ctx.close();
          return;
        }
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
      head = null;
      discarding = false;
      HttpHeaders h = req.headers();
      Format format = format(h.get(HttpHeaderNames.CONTENT_TYPE));
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      String origin = h.get(HttpHeaderNames.ORIGIN);
      String allowedOrigin = config.cors().enabled() && config.cors().allowsOrigin(origin) ? origin : null;
      if (!req.decoderResult().isSuccess()) {
        refuse(ctx, format, false, allowedOrigin, new Refusal(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT,
            "malformed HTTP request: " + req.decoderResult().cause()));
        return;
      }
      String path = req.uri();
      int q = path.indexOf('?');
      if (q >= 0) {
        path = path.substring(0, q);
      }
      boolean hasBody = HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0;
      boolean keep = keepAlive && !hasBody;
      if (req.method().equals(HttpMethod.OPTIONS) && config.cors().enabled() && origin != null
          && h.contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
        preflight(ctx, req, keep);
        discarding = true;
        return;
      }
      OtlpHttpSignal signal = routes.get(path);
      try {
        if (signal == null) {
          String missing = unserved.get(path);
          throw new Refusal(HttpResponseStatus.NOT_FOUND, Code.NOT_FOUND, missing == null
              ? "no such path: " + path + " (OTLP/HTTP serves " + String.join(", ", routes.keySet()) + ")"
              : path + " is for " + missing + ", and no " + missing + " pipeline uses receiver " + id
                  + " (this receiver serves " + String.join(", ", routes.keySet()) + ")");
        }
        if (!req.method().equals(HttpMethod.POST)) {
          throw new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, Code.UNIMPLEMENTED,
              req.method() + " is not allowed on " + path + "; use POST");
        }
        if (format == Format.OTHER) {
          throw new Refusal(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, Code.INVALID_ARGUMENT,
              "unsupported Content-Type '" + h.get(HttpHeaderNames.CONTENT_TYPE) + "'; use " + PROTOBUF + " or "
                  + JSON);
        }
        String encoding = h.get(HttpHeaderNames.CONTENT_ENCODING);
        boolean gzip = false;
        if (encoding != null && !encoding.isBlank()) {
          String e = encoding.trim().toLowerCase(Locale.ROOT);
          if (e.equals("gzip") || e.equals("x-gzip")) {
            gzip = true;
          } else if (!e.equals("identity")) {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT,
                "unsupported Content-Encoding '" + encoding + "'; use gzip or none");
          }
        }
        long declared = HttpUtil.getContentLength(req, -1L);
        if (declared > config.maxRequestBodySize()) {
          refuseAndDrain(ctx, format, allowedOrigin, tooLarge("the body (" + declared + " bytes)"), false);
          return;
        }
        head = new Head(signal, format, gzip, keepAlive, allowedOrigin);
        // Grown as bytes arrive, not sized from Content-Length: a declared size costs nothing until it is sent.
        long initial = declared > 0 ? Math.min(declared, 64 * 1024) : 8192;
        body = new byte[(int) Math.min(initial, config.maxRequestBodySize())];
        length = 0;
        readTimer = ctx.executor().schedule(() -> readTimedOut(ctx), config.readTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
      } catch (Refusal r) {
        if (hasBody) {
          refuseAndDrain(ctx, format, allowedOrigin, r, false);
        } else {
          refuse(ctx, format, keep, allowedOrigin, r);
          discarding = true;
        }
      }
    }

    /**
     * Answers with {@code Connection: close}, then reads and drops up to {@link #DRAIN_BYTES} more of the body before
     * closing ({@code last}: the body has already ended, close once the answer is written).
     */
    private void refuseAndDrain(ChannelHandlerContext ctx, Format format, String origin, Refusal r, boolean last) {
      refusedRequests.increment();
      FullHttpResponse res = errorResponse(format, r);
      if (origin != null) {
        corsHeaders(res, origin);
      }
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
        Head h = head;
        head = null;
        body = null;
        refuse(ctx, h.format(), false, h.origin(), new Refusal(HttpResponseStatus.REQUEST_TIMEOUT,
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
      ByteBuf buf = content.content();
      int n = buf.readableBytes();
      if ((long) length + n > config.maxRequestBodySize()) {
        Head h = head;
        clearRequest();
        refuseAndDrain(ctx, h.format(), h.origin(), tooLarge("the body"), last);
        return;
      }
      if (length + n > body.length) {
        body = Arrays.copyOf(body, (int) Math.min(config.maxRequestBodySize(),
            Math.max((long) length + n, 2L * body.length)));
      }
      buf.readBytes(body, length, n);
      length += n;
      if (!last) {
        return;
      }
      Head h = head;
      byte[] b = length == body.length ? body : Arrays.copyOf(body, length);
      clearRequest();
      busy = true;
      ctx.channel().config().setAutoRead(false);
      try {
        executor.execute(() -> process(ctx, h, b));
      } catch (RejectedExecutionException e) {
        respond(ctx, h, new Refusal(HttpResponseStatus.SERVICE_UNAVAILABLE, Code.UNAVAILABLE,
            "the relay is shutting down"));
      }
    }

    private void clearRequest() {
      head = null;
      body = null;
      length = 0;
      if (readTimer != null) {
        readTimer.cancel(false);
        readTimer = null;
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent && !busy && head == null) {
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      clearRequest();
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      clearRequest();
      ctx.close();
    }

    private void preflight(ChannelHandlerContext ctx, HttpRequest req, boolean keepAlive) {
      OtlpHttpConfig.Cors cors = config.cors();
      HttpHeaders h = req.headers();
      String origin = h.get(HttpHeaderNames.ORIGIN);
      FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
      res.headers().add(HttpHeaderNames.VARY, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
      String requestedHeaders = h.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS, "");
      boolean headersOk = true;
      for (String header : requestedHeaders.split(",")) {
        headersOk &= cors.allowsHeader(header);
      }
      boolean methodOk = "POST".equalsIgnoreCase(h.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD).trim());
      if (cors.allowsOrigin(origin) && methodOk && headersOk) {
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, cors.allowsAnyOrigin() ? "*" : origin);
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "POST");
        if (!requestedHeaders.isBlank()) {
          res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requestedHeaders);
        }
        if (cors.maxAgeSeconds() > 0) {
          res.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, cors.maxAgeSeconds());
        }
      }
      // A refused preflight is answered without CORS headers, as the Collector (rs/cors) does: the browser then
      // refuses to send the request.
      send(ctx, res, keepAlive);
    }

    /** Runs on the pool: decode, validate, hand to the pipeline, answer. */
    private void process(ChannelHandlerContext ctx, Head h, byte[] raw) {
      try {
        byte[] decoded = h.gzip() ? gunzip(raw, config.maxRequestBodySize()) : raw;
        byte[] protobuf = decoded;
        if (h.format() == Format.JSON) {
          try {
            protobuf = OtlpJson.merge(decoded, h.signal().newRequestBuilder()).build().toByteArray();
          } catch (OtlpJsonException e) {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT, e.getMessage());
          }
        }
        try {
          h.signal().export(protobuf);
        } catch (InvalidProtocolBufferException e) {
          throw new Refusal(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT,
              "malformed " + h.signal().newRequestBuilder().getDescriptorForType().getName() + ": " + e.getMessage());
        } catch (ConsumeException e) {
          throw e.retryable()
              ? new Refusal(HttpResponseStatus.SERVICE_UNAVAILABLE, Code.UNAVAILABLE, e.getMessage(), true)
              : new Refusal(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT, e.getMessage(), true);
        }
        Message ok = h.signal().successResponse();
        byte[] bytes = h.format() == Format.JSON ? "{}".getBytes(StandardCharsets.UTF_8) : ok.toByteArray();
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
            Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, h.format() == Format.JSON ? JSON : PROTOBUF);
        finish(ctx, h, res);
      } catch (Refusal r) {
        respond(ctx, h, r);
      } catch (RuntimeException | StackOverflowError e) {
        throttled.error("receiver " + id + " (OTLP/HTTP): failed on a request: " + e);
        respond(ctx, h, new Refusal(HttpResponseStatus.INTERNAL_SERVER_ERROR, Code.INTERNAL,
            "relay failed to process the request", true));
      }
    }

    private void respond(ChannelHandlerContext ctx, Head h, Refusal r) {
      if (!r.byPipeline) {
        refusedRequests.increment();
      }
      finish(ctx, h, errorResponse(h.format(), r));
    }

    /** Sends the answer to a processed request, then reads the connection again (or closes it). */
    private void finish(ChannelHandlerContext ctx, Head h, FullHttpResponse res) {
      if (h.origin() != null) {
        corsHeaders(res, h.origin());
      }
      HttpUtil.setContentLength(res, res.content().readableBytes());
      HttpUtil.setKeepAlive(res, h.keepAlive());
      ctx.writeAndFlush(res).addListener((ChannelFutureListener) f -> {
        busy = false;
        if (!h.keepAlive() || !f.isSuccess()) {
          ctx.close();
        } else {
          ctx.channel().config().setAutoRead(true);
        }
      });
    }

    /** Answers a request refused on the event loop; the connection is closed unless it can carry on. */
    private void refuse(ChannelHandlerContext ctx, Format format, boolean keepAlive, String origin, Refusal r) {
      refusedRequests.increment();
      FullHttpResponse res = errorResponse(format, r);
      if (origin != null) {
        corsHeaders(res, origin);
      }
      send(ctx, res, keepAlive);
    }

    private void send(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAlive) {
      HttpUtil.setContentLength(res, res.content().readableBytes());
      HttpUtil.setKeepAlive(res, keepAlive);
      var future = ctx.writeAndFlush(res);
      if (!keepAlive) {
        future.addListener(ChannelFutureListener.CLOSE);
      }
    }

    private void corsHeaders(FullHttpResponse res, String origin) {
      res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, config.cors().allowsAnyOrigin() ? "*" : origin);
      res.headers().add(HttpHeaderNames.VARY, "Origin");
    }
  }

  private Refusal tooLarge(String what) {
    return new Refusal(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Code.RESOURCE_EXHAUSTED,
        what + " is larger than max_request_body_size (" + config.maxRequestBodySize() + " bytes)");
  }

  /**
   * A refusal as the spec has it: a {@code google.rpc.Status} in the request's encoding (protobuf or JSON), or
   * plain text when the request's content type is neither.
   */
  static FullHttpResponse errorResponse(Format format, Refusal r) {
    byte[] body;
    String type;
    switch (format) {
      case PROTOBUF -> {
        body = com.google.rpc.Status.newBuilder().setCode(r.code).setMessage(r.getMessage()).build().toByteArray();
        type = PROTOBUF;
      }
      case JSON -> {
        body = new JsonWriter(64 + r.getMessage().length()).beginObject().name("code").value(r.code)
            .name("message").value(r.getMessage()).endObject().toByteArray();
        type = JSON;
      }
      default -> {
        body = (r.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        type = "text/plain; charset=utf-8";
      }
    }
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, r.status, Unpooled.wrappedBuffer(body));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    if (r.status.equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
      res.headers().set(HttpHeaderNames.ALLOW, "POST");
    } else if (r.status.equals(HttpResponseStatus.SERVICE_UNAVAILABLE)) {
      res.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    return res;
  }

  /**
   * Inflates a gzip body, stopping as soon as it passes {@code limit} bytes: a small body that inflates to
   * gigabytes (a gzip bomb) costs at most {@code limit} bytes of heap.
   */
  private byte[] gunzip(byte[] in, long limit) throws Refusal {
    try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(in), 8192)) {
      byte[] out = new byte[(int) Math.min(limit, Math.max(8192L, 4L * in.length))];
      int len = 0;
      while (true) {
        if (len == out.length) {
          if (len >= limit) {
            if (z.read() < 0) {
              break;
            }
            throw tooLarge("the body after gunzip");
          }
          out = Arrays.copyOf(out, (int) Math.min(limit, 2L * out.length));
        }
        int n = z.read(out, len, out.length - len);
        if (n < 0) {
          break;
        }
        len += n;
      }
      return len == out.length ? out : Arrays.copyOf(out, len);
    } catch (IOException e) {
      throw new Refusal(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT, "malformed gzip body: " + e);
    }
  }
}
