package dev.relay.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Watches the HTTP/2 frames a server writes on one connection for the two that refuse its client, and reports
 * them: {@code RST_STREAM REFUSED_STREAM} (a stream past {@code SETTINGS_MAX_CONCURRENT_STREAMS}, or opened after
 * the server's GOAWAY) and {@code GOAWAY ENHANCE_YOUR_CALM} (the connection is closed for abuse: streams reset too
 * fast, pings too often, too many control frames queued); and the graceful GOAWAY that sends an idle connection
 * away ({@code max_connection_idle}). The server (grpc-java's) offers no hook for any of them.
 *
 * <p>It looks at each frame's 9-byte header and, for these two types only, at the first bytes of the payload (the
 * error code; for GOAWAY the start of its debug text, which says why); every other payload byte is skipped by
 * length, so a DATA frame's content is never read. A frame may span any number of buffers. No allocation per
 * frame, no lock: one instance per connection, on its event loop. It must see the server's bytes from the first
 * one and in plaintext, above a TLS handler; {@link #onAccept} places it so.
 */
public final class Http2RefusalObserver extends ChannelOutboundHandlerAdapter {
  /** Why the server sent {@code GOAWAY ENHANCE_YOUR_CALM}, from its debug text (grpc-java's and Netty's). */
  public enum CalmReason {
    /** "too_many_rststreams": more resets than grpc-java's {@code maxRstFramesPerWindow} (HTTP/2 rapid reset). */
    RAPID_RESET("rapid_reset", "too_many_rststreams"),
    /** "too_many_pings": pings more often than the keepalive enforcement policy permits. */
    TOO_MANY_PINGS("too_many_pings", "too_many_pings"),
    /** Any other debug text, e.g. too many control frames queued for a client that does not read. */
    OTHER("enhance_your_calm", null);

    private final String tag;
    private final byte[] debugText;

    CalmReason(String tag, String debugText) {
      this.tag = tag;
      this.debugText = debugText == null ? null : debugText.getBytes(StandardCharsets.US_ASCII);
    }

    /** The meter tag value. */
    public String tag() {
      return tag;
    }
  }

  /** What is reported; called on the connection's event loop, so it must not block. */
  public interface Listener {
    /** A stream refused; {@code afterGoAway}: the server had already sent this connection GOAWAY. */
    void streamRefused(boolean afterGoAway);

    /** The connection was sent GOAWAY ENHANCE_YOUR_CALM: called at most once a connection. */
    void connectionCalmed(CalmReason reason, SocketAddress peer);

    /**
     * The connection was sent away for being idle (GOAWAY {@code NO_ERROR}, "max_idle": grpc-java's
     * {@code maxConnectionIdle}): called at most once a connection.
     */
    default void connectionIdle() {}
  }

  static final int HEADER = 9;
  static final int RST_STREAM = 0x3;
  static final int GOAWAY = 0x7;
  static final int REFUSED_STREAM = 0x7;
  static final int ENHANCE_YOUR_CALM = 0xb;
  static final int NO_ERROR = 0x0;
  private static final byte[] MAX_IDLE = "max_idle".getBytes(StandardCharsets.US_ASCII);
  /** GOAWAY's last stream id and error code, then as much debug text as the longest {@link CalmReason} has. */
  private static final int GOAWAY_KEPT = 8 + "too_many_rststreams".length();
  private static final CalmReason[] REASONS = CalmReason.values();

  private final Listener listener;
  /** The header being read, then the payload's first bytes for the two frame types watched. */
  private final byte[] kept = new byte[HEADER + GOAWAY_KEPT];
  private int have;
  private int want = HEADER;
  private int length;
  private int type;
  private int skip;
  private boolean goAwaySent;
  private boolean calmed;
  private boolean idled;

  public Http2RefusalObserver(Listener listener) {
    this.listener = listener;
  }

  /**
   * A handler for a server channel's pipeline (added before the bootstrap's acceptor, as
   * {@link ConnectionLimiter#serverChannels} adds its own) that gives each accepted connection its observer: first
   * in its pipeline in plaintext; with {@code tls}, right above the TLS handler, once that is there.
   */
  public static ChannelHandler onAccept(Listener listener, boolean tls) {
    return new Http2ObserverPlacement(listener, tls);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof ByteBuf bytes) {
      observe(bytes, ctx);
    }
    ctx.write(msg, promise);
  }

  /** Reads {@code bytes}' frame headers without moving its indexes. */
  void observe(ByteBuf bytes, ChannelHandlerContext ctx) {
    int at = bytes.readerIndex();
    int end = bytes.writerIndex();
    while (at < end) {
      if (skip > 0) {
        int n = Math.min(skip, end - at);
        skip -= n;
        at += n;
        continue;
      }
      kept[have++] = bytes.getByte(at++);
      if (have == HEADER) {
        length = (kept[0] & 0xff) << 16 | (kept[1] & 0xff) << 8 | kept[2] & 0xff;
        type = kept[3] & 0xff;
        want = HEADER + Math.min(length, type == RST_STREAM ? 4 : type == GOAWAY ? GOAWAY_KEPT : 0);
      }
      if (have == want) {
        frameRead(ctx);
        skip = length - (want - HEADER);
        have = 0;
        want = HEADER;
      }
    }
  }

  private void frameRead(ChannelHandlerContext ctx) {
    int payload = want - HEADER;
    if (type == RST_STREAM && payload >= 4 && intAt(HEADER) == REFUSED_STREAM) {
      listener.streamRefused(goAwaySent);
    } else if (type == GOAWAY) {
      goAwaySent = true;
      if (payload >= 8 && intAt(HEADER + 4) == ENHANCE_YOUR_CALM && !calmed) {
        calmed = true; // a server may repeat its GOAWAY; one connection is closed once
        listener.connectionCalmed(reason(payload - 8), ctx == null ? null : ctx.channel().remoteAddress());
      } else if (payload >= 8 + MAX_IDLE.length && intAt(HEADER + 4) == NO_ERROR && !idled
          && Arrays.equals(kept, HEADER + 8, HEADER + 8 + MAX_IDLE.length, MAX_IDLE, 0, MAX_IDLE.length)) {
        idled = true; // grpc-java sends its graceful GOAWAY twice
        listener.connectionIdle();
      }
    }
  }

  private CalmReason reason(int debugBytes) {
    for (CalmReason r : REASONS) {
      if (r.debugText != null && debugBytes >= r.debugText.length
          && Arrays.equals(kept, HEADER + 8, HEADER + 8 + r.debugText.length, r.debugText, 0,
              r.debugText.length)) {
        return r;
      }
    }
    return CalmReason.OTHER;
  }

  private int intAt(int i) {
    return (kept[i] & 0xff) << 24 | (kept[i + 1] & 0xff) << 16 | (kept[i + 2] & 0xff) << 8 | kept[i + 3] & 0xff;
  }
}
