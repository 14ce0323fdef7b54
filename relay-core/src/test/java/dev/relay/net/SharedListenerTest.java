package dev.relay.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.InputStream;
import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One listening socket handed from one Netty server to the next without ever being closed. */
class SharedListenerTest {
  /** Answers a connection with one byte, then closes it. */
  @ChannelHandler.Sharable
  private static final class Answer extends ChannelInboundHandlerAdapter {
    private final char name;

    Answer(char name) {
      this.name = name;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) name})).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** A server on {@code listener} that answers each connection with the byte {@code name} and closes it. */
  private static Channel serve(SharedListener listener, EventLoopGroup group, char name) throws Exception {
    return new ServerBootstrap().group(group).channelFactory(listener::serverChannel).childHandler(new Answer(name))
        .bind(listener.boundAddress()).sync().channel();
  }

  private static char answer(int port) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5_000);
      InputStream in = s.getInputStream();
      return (char) in.read();
    }
  }

  private static boolean refused(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aSuccessorTakesTheSocketOverAndTheLastReleaseClosesIt() throws Exception {
    EventLoopGroup first = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup second = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      int port = FreePorts.next();
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
      SharedListener listener = SharedListener.open(address);
      Channel a = serve(listener, first, 'a');
      assertThat(answer(port)).isEqualTo('a');
      assertThatThrownBy(() -> SharedListener.open(address)).isInstanceOf(BindException.class);

      // The successor accepts on the same socket before the predecessor stops; then it alone answers.
      assertThat(listener.retain(new InetSocketAddress("127.0.0.1", port + 1))).as("another address").isFalse();
      assertThat(listener.retain(new InetSocketAddress("127.0.0.1", port))).isTrue();
      Channel b = serve(listener, second, 'b');
      for (int i = 0; i < 20; i++) {
        assertThat(answer(port)).as("every connection is served by one of the two").isIn('a', 'b');
      }
      a.close().sync();
      listener.release();
      for (int i = 0; i < 20; i++) {
        assertThat(answer(port)).isEqualTo('b');
      }

      b.close().sync();
      listener.release();
      // The socket is closed once the last selector it was registered with has let it go (its next select).
      Await.until(Duration.ofSeconds(5), "the port closed", () -> refused(port));
      assertThat(listener.retain(address)).as("closed").isFalse();
    } finally {
      first.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      second.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }
  }

  @Test
  void aListenerOnAnyFreePortIsNeverHandedOn() throws Exception {
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    SharedListener listener = SharedListener.open(any);
    try {
      assertThat(listener.boundAddress().getPort()).isPositive();
      assertThat(listener.retain(any)).isFalse();
    } finally {
      listener.release();
    }
  }
}
