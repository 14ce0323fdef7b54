package dev.relay.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;

/**
 * On a server channel: gives each accepted connection an {@link Http2RefusalObserver} before the connection is
 * registered, so before the server's handlers are added or write anything. In plaintext the observer goes first in
 * the pipeline, below everything the server adds, and sees every byte written. With TLS it must sit above the TLS
 * handler, which the server adds later; {@link AboveTls} puts it there when the client's first bytes arrive: the
 * TLS handler is in place by then, and the server cannot have written a frame before the handshake those bytes
 * begin.
 */
@ChannelHandler.Sharable
final class Http2ObserverPlacement extends ChannelInboundHandlerAdapter {
  private final Http2RefusalObserver.Listener listener;
  private final boolean tls;

  Http2ObserverPlacement(Http2RefusalObserver.Listener listener, boolean tls) {
    this.listener = listener;
    this.tls = tls;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Channel connection) {
      connection.pipeline().addLast(tls ? new AboveTls(listener) : new Http2RefusalObserver(listener));
    }
    ctx.fireChannelRead(msg);
  }

  /** Waits in a TLS connection's pipeline, below the TLS handler, for the first bytes read. */
  static final class AboveTls extends ChannelInboundHandlerAdapter {
    private final Http2RefusalObserver.Listener listener;

    AboveTls(Http2RefusalObserver.Listener listener) {
      this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ChannelHandlerContext tlsHandler = ctx.pipeline().context(SslHandler.class);
      if (tlsHandler != null) {
        ctx.pipeline().addAfter(tlsHandler.name(), null, new Http2RefusalObserver(listener));
      }
      ctx.pipeline().remove(this);
      ctx.fireChannelRead(msg);
    }
  }
}
