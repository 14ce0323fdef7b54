package dev.relay.net;

import io.netty.channel.ServerChannel;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * A listening TCP socket that outlives the server serving it, so a reload can hand it from a receiver to its
 * successor: the successor's Netty server channel accepts on the same socket before the predecessor's stops, and
 * the port is never closed in between (no client sees a refused connection). The socket is closed when the last
 * holder {@linkplain #release releases} it.
 *
 * <p>A holder that {@linkplain #open opens} or {@linkplain #retain retains} it releases it once, after its server
 * channel has closed. Each server serves it through {@link #serverChannel()}, a NIO server channel that neither
 * binds nor closes the socket; servers that share it at once must run on different event loop groups.
 */
public final class SharedListener {
  private final InetSocketAddress requested;
  private final ServerSocketChannel socket;
  /** Holders; 0 once closed, and then never raised again. Guarded by {@code this}: taken only at start and stop. */
  private int holders = 1;

  private SharedListener(InetSocketAddress requested, ServerSocketChannel socket) {
    this.requested = requested;
    this.socket = socket;
  }

  /** Binds {@code address} (port 0: any free port), held once by the caller. */
  public static SharedListener open(InetSocketAddress address) throws IOException {
    ServerSocketChannel socket = ServerSocketChannel.open();
    try {
      socket.bind(address, NetUtil.SOMAXCONN);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
    return new SharedListener(address, socket);
  }

  /**
   * Takes this socket over for a successor configured with {@code address}, when it is still open and was opened
   * for the same fixed address (a port 0 listener is never handed on: its successor asked for any free port). The
   * caller then holds it once more and must release it.
   */
  public synchronized boolean retain(InetSocketAddress address) {
    if (holders == 0 || requested.getPort() == 0 || !requested.equals(address)) {
      return false;
    }
    holders++;
    return true;
  }

  /** Gives up one hold; the last closes the socket (connections already accepted stay open). */
  public void release() {
    synchronized (this) {
      if (holders == 0 || --holders > 0) {
        return;
      }
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a listening socket does not fail in a way anyone could act on
    }
  }

  /** A new Netty server channel accepting on this socket, for {@code ServerBootstrap.channelFactory}. */
  public ServerChannel serverChannel() {
    return new SharedServerSocketChannel(socket);
  }

  /** The address the socket is bound to (with the port chosen when 0 was asked for). */
  public InetSocketAddress boundAddress() {
    return (InetSocketAddress) socket.socket().getLocalSocketAddress();
  }
}
