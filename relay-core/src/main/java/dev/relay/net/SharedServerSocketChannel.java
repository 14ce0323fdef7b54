package dev.relay.net;

import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * A NIO server channel over a socket a {@link SharedListener} bound: binding is a no-op, and closing stops this
 * channel accepting (its selection key is cancelled) but leaves the socket open for the other channels on it.
 * Several such channels may accept on one socket at once; each accept goes to exactly one of them. Each must be
 * registered with its own event loop group: a selector holds one key per socket, so two channels of one socket on
 * one selector would share (and cancel) each other's key.
 */
final class SharedServerSocketChannel extends NioServerSocketChannel {
  /**
   * Set by {@link #doBind}: until then the channel is not active even though its socket is bound, so that, as with a
   * socket Netty binds itself, it starts accepting only once its pipeline (the bootstrap's acceptor) is in place.
   */
  private volatile boolean bound;
  private volatile boolean closed;

  SharedServerSocketChannel(ServerSocketChannel socket) {
    super(socket);
  }

  @Override
  protected void doBind(SocketAddress localAddress) {
    bound = true; // the socket itself was bound by the SharedListener
  }

  @Override
  protected void doClose() {
    closed = true;
  }

  @Override
  public boolean isOpen() {
    return !closed && super.isOpen();
  }

  @Override
  public boolean isActive() {
    return bound && isOpen();
  }
}
