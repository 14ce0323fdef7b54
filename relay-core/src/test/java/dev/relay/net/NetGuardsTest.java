package dev.relay.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The listener guards on Netty's embedded channel, whose clock the test moves. */
class NetGuardsTest {
  private static EmbeddedChannel httpWithHeaderTimeout() {
    HeaderReadTimeout t = new HeaderReadTimeout(Duration.ofSeconds(10));
    return new EmbeddedChannel(t.beforeCodec(), new HttpServerCodec(), t.afterCodec());
  }

  private static void send(EmbeddedChannel ch, String text) {
    ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
  }

  @Test
  void aHeadStillIncompleteTenSecondsAfterItsFirstByteClosesTheConnection() {
    EmbeddedChannel ch = httpWithHeaderTimeout();
    send(ch, "POST /v1/traces HTTP/1.1\r\nHost: x\r\n");
    ch.advanceTimeBy(9, TimeUnit.SECONDS);
    send(ch, "X-A: 1\r\n"); // more bytes do not restart the timer
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.advanceTimeBy(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aCompleteHeadStopsTheTimerAndTheNextRequestStartsItAgain() {
    EmbeddedChannel ch = httpWithHeaderTimeout();
    send(ch, "POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n");
    ch.advanceTimeBy(60, TimeUnit.SECONDS); // a slow body is read_timeout's business
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    send(ch, "abc");
    ch.advanceTimeBy(60, TimeUnit.SECONDS); // idle between requests: idle_timeout's business
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    send(ch, "GET / HT");
    ch.advanceTimeBy(11, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isFalse();
    ch.finishAndReleaseAll();
  }

  @Test
  void aClientThatStopsReadingIsClosedAfterTheWriteStallTimeout() {
    EmbeddedChannel ch = new EmbeddedChannel(new WriteStallTimeout(Duration.ofSeconds(30)));
    ch.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(8, 16));
    ch.write(Unpooled.wrappedBuffer(new byte[64])); // not flushed: waits in the outbound buffer
    assertThat(ch.isWritable()).isFalse();
    ch.advanceTimeBy(29, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isTrue();
    ch.advanceTimeBy(2, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).isFalse();

    EmbeddedChannel drains = new EmbeddedChannel(new WriteStallTimeout(Duration.ofSeconds(30)));
    drains.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(8, 16));
    drains.write(Unpooled.wrappedBuffer(new byte[64]));
    drains.flush(); // the client read it: writable again, the timer stops
    assertThat(drains.isWritable()).isTrue();
    drains.advanceTimeBy(60, TimeUnit.SECONDS);
    drains.runScheduledPendingTasks();
    assertThat(drains.isOpen()).isTrue();
    drains.finishAndReleaseAll();
  }

  @Test
  void connectionsOverTheLimitAreClosedAndCountedAndASlotFreesOnClose() {
    AtomicInteger refused = new AtomicInteger();
    ConnectionLimiter limiter = new ConnectionLimiter(2, refused::incrementAndGet);
    EmbeddedChannel a = new EmbeddedChannel(limiter);
    EmbeddedChannel b = new EmbeddedChannel(limiter);
    EmbeddedChannel c = new EmbeddedChannel(limiter);
    assertThat(a.isOpen()).isTrue();
    assertThat(b.isOpen()).isTrue();
    assertThat(c.isOpen()).isFalse();
    assertThat(refused.get()).isEqualTo(1);
    assertThat(limiter.open()).isEqualTo(2);
    a.close();
    assertThat(limiter.open()).isEqualTo(1);
    assertThat(new EmbeddedChannel(limiter).isOpen()).isTrue();
    assertThat(refused.get()).isEqualTo(1);
  }
}
