package dev.relay.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Server-Sent Events on one HTTP/1.1 response, for {@code /tap} and {@code /activity/stream}: the head, then frames
 * ({@code event:}, {@code id:} and {@code data:} lines; comments; the heartbeat), each written and flushed as one
 * chunk. Safe from any thread: Netty queues writes to the channel's event loop.
 */
final class SseWriter {
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEARTBEAT = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

  private final Channel channel;

  SseWriter(Channel channel) {
    this.channel = channel;
  }

  boolean isActive() {
    return channel.isActive();
  }

  /** Whether the client reads fast enough for another frame (Netty's outbound buffer is under its mark). */
  boolean isWritable() {
    return channel.isWritable();
  }

  /** Sends the head and a first comment saying what the stream holds. */
  ChannelFuture start(String comment) {
    channel.write(head(false));
    return write(": " + oneLine(comment) + "\n\n");
  }

  /**
   * Sends the head and a first comment, for a browser's EventSource: it reconnects {@code retryMs} after the stream
   * ends, and proxies (nginx) are asked not to buffer the response.
   */
  ChannelFuture startReconnectable(int retryMs, String comment) {
    channel.write(head(true));
    return write("retry: " + retryMs + "\n: " + oneLine(comment) + "\n\n");
  }

  private static HttpResponse head(boolean unbufferedByProxies) {
    HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    res.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
    if (unbufferedByProxies) {
      res.headers().set("X-Accel-Buffering", "no");
    }
    HttpUtil.setTransferEncodingChunked(res, true);
    return res;
  }

  private static String oneLine(String text) {
    return text.replaceAll("[\r\n]", " ");
  }

  /** An event whose data is one line of UTF-8 (JSON): one array holds the frame, the only copy of {@code line}. */
  ChannelFuture data(byte[] line) {
    byte[] out = new byte[DATA.length + line.length + 2];
    System.arraycopy(DATA, 0, out, 0, DATA.length);
    System.arraycopy(line, 0, out, DATA.length, line.length);
    out[out.length - 2] = '\n';
    out[out.length - 1] = '\n';
    return channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(out)));
  }

  /** An event with an {@code id:} (when not null) and {@code data}'s lines as {@code data:} lines. */
  ChannelFuture event(String id, String data) {
    return send(eventFrame(id, data));
  }

  /** Writes and flushes one frame made by {@link #eventFrame}. */
  ChannelFuture send(ByteBuf frame) {
    return channel.writeAndFlush(new DefaultHttpContent(frame));
  }

  /** The bytes of {@link #event}, to be counted before they are sent. */
  static ByteBuf eventFrame(String id, String data) {
    StringBuilder b = new StringBuilder(data.length() + 32);
    if (id != null) {
      b.append("id: ").append(id).append('\n');
    }
    for (String line : data.split("\r\n|\r|\n", -1)) {
      b.append("data: ").append(line).append('\n');
    }
    return utf8(b.append('\n'));
  }

  /**
   * {@code text} in UTF-8, in a buffer of exactly its size: {@link Unpooled#copiedBuffer(CharSequence,
   * java.nio.charset.Charset)} reserves three bytes a character and keeps them, so a frame held for a client that
   * does not read would take three times the bytes its buffer counts (found as an OutOfMemoryError at -Xmx64m with
   * 16 such clients replaying a stream of 3 KB entries).
   */
  static ByteBuf utf8(CharSequence text) {
    int bytes = ByteBufUtil.utf8Bytes(text);
    ByteBuf out = Unpooled.buffer(bytes, bytes);
    ByteBufUtil.reserveAndWriteUtf8(out, text, bytes); // writeUtf8 would reserve 3 a character and grow
    return out;
  }

  /** {@code event: dropped} with the number of items the client missed. */
  ChannelFuture dropped(long count) {
    return write("event: dropped\ndata: {\"dropped\":" + count + "}\n\n");
  }

  /**
   * Every {@code every}, on the channel's event loop: {@code first} (which may report drops), then a comment line
   * that keeps proxies from timing the response out. Cancel the returned future when the response ends.
   */
  ScheduledFuture<?> heartbeat(Duration every, Runnable first) {
    long nanos = every.toNanos();
    return channel.eventLoop().scheduleAtFixedRate(() -> {
      first.run();
      channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(HEARTBEAT)));
    }, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  private ChannelFuture write(CharSequence frames) {
    return channel.writeAndFlush(new DefaultHttpContent(utf8(frames)));
  }
}
