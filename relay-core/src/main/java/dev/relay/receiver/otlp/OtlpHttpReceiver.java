package dev.relay.receiver.otlp;

import dev.relay.component.Component;
import dev.relay.component.ComponentId;
import dev.relay.component.InFlightBudget;
import dev.relay.net.ConnectionLimiter;
import dev.relay.net.HeaderReadTimeout;
import dev.relay.net.SharedListener;
import dev.relay.component.TelemetrySettings;
import dev.relay.net.QuietEventLoops;
import dev.relay.telemetry.Meters;
import dev.relay.telemetry.ThrottlingLogger;
import dev.relay.tls.ServerTls;
import io.netty.handler.ssl.SslContext;
import io.micrometer.core.instrument.Counter;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP: {@code POST} a {@code application/x-protobuf} or {@code application/json} body, optionally gzip, to a
 * signal's path. Netty's event loop reads bytes and checks headers ({@link HttpConnection}); decompressing,
 * reading JSON, validating and handing the batch to the pipeline ({@link HttpExport}) run on the same event loop
 * when the signal's pipeline never blocks, else on a small {@link CallPool}. While a
 * connection's request is being processed the connection is not read from, so each connection holds at most one
 * body (at most {@code max_request_body_size}, counted both on the wire and after gunzip) and a client that sends
 * faster than the pipeline takes is slowed by TCP itself. This class is the server: its threads, its port, its
 * lifecycle.
 *
 * <p>The server accepts on a {@link SharedListener}: a successor built by a reload for the same endpoint takes the
 * socket over and accepts on it before this server stops, so the port is never closed. Stopping then lets each open
 * connection finish the request it is on: an idle connection is closed at once, a busy one after its answer (sent
 * with {@code Connection: close}); clients open their next connection to the successor.
 */
final class OtlpHttpReceiver implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpHttpReceiver.class);

  private final ComponentId id;
  private final OtlpHttpConfig config;
  private final OtlpHttpRoutes routes;
  private final CorsResponses cors;
  private final HttpExport export;
  private final Counter refusedRequests;
  private final HttpGuards guards;
  /** Counts a connection closed because its request's head did not arrive in {@code read_header_timeout}. */
  private final Runnable headerTimedOut;
  private final ConnectionLimiter connections;
  private final ReceiverAuth auth;
  private ExecutorService executor;
  private EventLoopGroup group;
  private Channel channel;
  /** The predecessor's socket, offered by a reload; taken when still open and for the same endpoint. */
  private SharedListener inherited;
  private SharedListener listener;
  private final ChannelGroup open = new DefaultChannelGroup("otlp-http-connections", GlobalEventExecutor.INSTANCE);
  private ServerTls tls;

  OtlpHttpReceiver(ComponentId id, OtlpHttpConfig config, Map<String, OtlpHttpSignal> signals,
      TelemetrySettings telemetry) {
    this(id, config, signals, telemetry, HttpGuards.DEFAULTS);
  }

  OtlpHttpReceiver(ComponentId id, OtlpHttpConfig config, Map<String, OtlpHttpSignal> signals,
      TelemetrySettings telemetry, HttpGuards guards) {
    this.id = id;
    this.guards = guards;
    this.connections = new ConnectionLimiter(guards.maxConnections(), refusedConnections(telemetry, id));
    this.headerTimedOut = Meters.counter(telemetry.meterRegistry(), Meters.RECEIVER_CLOSED_CONNECTIONS, "receiver",
        id.toString(), "transport", "http", "reason", "read_header_timeout")::increment;
    this.config = config;
    this.routes = new OtlpHttpRoutes(id, config, signals);
    this.cors = new CorsResponses(config.cors());
    this.export = new HttpExport(id, config.maxRequestBodySize(), new ThrottlingLogger(LOG));
    this.refusedRequests = Meters.counter(telemetry.meterRegistry(), Meters.RECEIVER_REFUSED_REQUESTS,
        "receiver", id.toString(), "transport", "http");
    this.auth = config.auth() == null ? null : new ReceiverAuth(
        telemetry.authenticators().server(config.auth().authenticator()), telemetry.meterRegistry(), id.toString(),
        "http");
  }

  /** Offers the running predecessor's listening socket, taken at {@link #start} if the endpoint is the same. */
  void inherit(SharedListener predecessorSocket) {
    this.inherited = predecessorSocket;
  }

  SharedListener listener() {
    return listener;
  }

  @Override
  public void start() throws Exception {
    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    try {
      listener = inherited != null && inherited.retain(address) ? inherited : SharedListener.open(address);
    } catch (IOException e) {
      throw new IOException("receiver " + id + " cannot listen on " + config.endpoint() + " (OTLP/HTTP): "
          + e.getMessage(), e);
    }
    inherited = null;
    executor = CallPool.create("relay-otlp-http-");
    int ioThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    SslContext ssl = null;
    if (config.server().tls() != null) {
      try {
        tls = ServerTls.load(config.server().tls(), "receiver " + id + " (http)");
        ssl = tls.httpContext();
      } catch (IOException e) {
        executor.shutdownNow();
        listener.release();
        throw e;
      }
    }
    SslContext sslContext = ssl;
    group = QuietEventLoops.nio(ioThreads, new DefaultThreadFactory("relay-otlp-http-io", true));
    try {
      channel = new ServerBootstrap()
          .group(group)
          .channelFactory(listener::serverChannel)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              HeaderReadTimeout headerTimeout = new HeaderReadTimeout(guards.readHeaderTimeout(), headerTimedOut);
              open.add(ch);
              ch.pipeline().addLast(connections); // first: a connection over the limit costs no handshake
              if (sslContext != null) {
                ch.pipeline().addLast(sslContext.newHandler(ch.alloc()));
              }
              ch.pipeline().addLast(
                  new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                  headerTimeout.beforeCodec(),
                  new HttpServerCodec(),
                  headerTimeout.afterCodec(),
                  new HttpServerExpectContinueHandler(),
                  new HttpConnection(config, routes, cors, export, executor, refusedRequests, auth,
                      InFlightBudget.process()));
            }
          })
          .bind(address).sync().channel();
    } catch (Exception e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      executor.shutdownNow();
      listener.release();
      if (tls != null) {
        tls.close();
      }
      throw new IOException("receiver " + id + " cannot listen on " + config.endpoint() + " (OTLP/HTTP): "
          + e.getMessage(), e);
    }
  }

  private static Runnable refusedConnections(TelemetrySettings telemetry, ComponentId id) {
    Counter c = Meters.counter(telemetry.meterRegistry(), REFUSED_CONNECTIONS, "receiver", id.toString(),
        "transport", "http");
    return c::increment;
  }

  /** Connections closed on accept because {@code max_connections} were open. */
  static final String REFUSED_CONNECTIONS = "relay.receiver.refused.connections";

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void shutdown(Duration timeout) {
    if (channel != null) {
      channel.close().syncUninterruptibly();
      listener.release();
      // Each connection finishes the request it is on; the loops' shutdown below closes what is left after timeout.
      open.forEach(ch -> ch.pipeline().fireUserEventTriggered(HttpConnection.FINISH_AND_CLOSE));
      open.newCloseFuture().awaitUninterruptibly(Math.max(1, timeout.toMillis()));
    }
    if (group != null) {
      group.shutdownGracefully(0, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
          .awaitUninterruptibly(Math.max(1, timeout.toMillis()));
    }
    if (executor != null) {
      executor.shutdown();
    }
    if (tls != null) {
      tls.close();
    }
  }

  @Override
  public String state() {
    return channel != null && channel.isOpen() ? "listening" : "stopped";
  }

  @Override
  public String describe() {
    return "OTLP/HTTP on " + config.endpoint() + (channel != null && config.port() == 0 ? " (port " + port() + ")" : "")
        + " " + routes.paths() + (tls != null ? ", " + tls.describe() : "")
        + (config.auth() != null ? ", authenticated by " + config.auth().authenticator() : "");
  }
}
