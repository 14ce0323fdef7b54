package dev.relay.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.net.Http2RefusalObserver.CalmReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The observer's frame reading on Netty's embedded channel: what it counts in a server's output however that is cut
 * into buffers, and that the bytes pass on unchanged.
 */
class Http2RefusalObserverTest {
  private static final int DATA = 0x0;
  private static final int HEADERS = 0x1;
  private static final int RST_STREAM = 0x3;
  private static final int SETTINGS = 0x4;
  private static final int GOAWAY = 0x7;
  private static final int NO_ERROR = 0x0;
  private static final int CANCEL = 0x8;

  /** What the observer reported. */
  private static final class Seen implements Http2RefusalObserver.Listener {
    int refused;
    int refusedAfterGoAway;
    final List<CalmReason> calmed = new ArrayList<>();
    int idle;

    @Override
    public void streamRefused(boolean afterGoAway) {
      if (afterGoAway) {
        refusedAfterGoAway++;
      } else {
        refused++;
      }
    }

    @Override
    public void connectionCalmed(CalmReason reason, SocketAddress peer) {
      calmed.add(reason);
    }

    @Override
    public void connectionIdle() {
      idle++;
    }
  }

  private static void frame(ByteArrayOutputStream out, int type, int stream, byte[] payload) {
    out.write(payload.length >>> 16);
    out.write(payload.length >>> 8);
    out.write(payload.length);
    out.write(type);
    out.write(0);
    out.write(stream >>> 24);
    out.write(stream >>> 16);
    out.write(stream >>> 8);
    out.write(stream);
    out.writeBytes(payload);
  }

  private static byte[] code(int errorCode) {
    return new byte[] {(byte) (errorCode >>> 24), (byte) (errorCode >>> 16), (byte) (errorCode >>> 8),
        (byte) errorCode};
  }

  private static byte[] goAway(int lastStream, int errorCode, String debug) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.writeBytes(code(lastStream));
    p.writeBytes(code(errorCode));
    p.writeBytes(debug.getBytes(StandardCharsets.US_ASCII));
    return p.toByteArray();
  }

  /** A DATA payload that holds what look like a refused stream's and a GOAWAY's frames, which must not count. */
  private static byte[] decoyPayload(int size) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    while (p.size() < size) {
      frame(p, RST_STREAM, 1, code(Http2RefusalObserver.REFUSED_STREAM));
      frame(p, GOAWAY, 0, goAway(1, Http2RefusalObserver.ENHANCE_YOUR_CALM, "too_many_rststreams"));
    }
    return Arrays.copyOf(p.toByteArray(), size);
  }

  /**
   * A server's output: SETTINGS, an answer with decoy DATA (one of 3,000 bytes), two refused streams, a cancelled
   * one, GOAWAY ENHANCE_YOUR_CALM for rapid reset, a stream refused after it, and the GOAWAY again.
   */
  private static byte[] serverOutput() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frame(out, SETTINGS, 0, new byte[] {0, 3, 0, 0, 0, 100});
    frame(out, HEADERS, 1, new byte[] {(byte) 0x88});
    frame(out, DATA, 1, decoyPayload(45));
    frame(out, DATA, 1, decoyPayload(3_000));
    frame(out, DATA, 1, new byte[0]);
    frame(out, RST_STREAM, 3, code(Http2RefusalObserver.REFUSED_STREAM));
    frame(out, RST_STREAM, 5, code(CANCEL));
    frame(out, RST_STREAM, 7, code(Http2RefusalObserver.REFUSED_STREAM));
    frame(out, GOAWAY, 0, goAway(7, Http2RefusalObserver.ENHANCE_YOUR_CALM, "too_many_rststreams"));
    frame(out, RST_STREAM, 9, code(Http2RefusalObserver.REFUSED_STREAM));
    frame(out, GOAWAY, 0, goAway(7, Http2RefusalObserver.ENHANCE_YOUR_CALM, "too_many_rststreams"));
    return out.toByteArray();
  }

  /** Writes {@code chunks} through a new observer; asserts the bytes came out unchanged, returns what it saw. */
  private static Seen observe(List<byte[]> chunks) {
    Seen seen = new Seen();
    EmbeddedChannel ch = new EmbeddedChannel(new Http2RefusalObserver(seen));
    ByteArrayOutputStream passed = new ByteArrayOutputStream();
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    for (byte[] chunk : chunks) {
      sent.writeBytes(chunk);
      ch.writeOutbound(Unpooled.wrappedBuffer(chunk));
      for (ByteBuf out = ch.readOutbound(); out != null; out = ch.readOutbound()) {
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        out.release();
        passed.writeBytes(b);
      }
    }
    assertThat(passed.toByteArray()).isEqualTo(sent.toByteArray());
    ch.finishAndReleaseAll();
    return seen;
  }

  private static void assertSawTheServerOutput(Seen seen, String how) {
    assertThat(seen.refused).as(how).isEqualTo(2);
    assertThat(seen.refusedAfterGoAway).as(how).isEqualTo(1);
    assertThat(seen.calmed).as(how).containsExactly(CalmReason.RAPID_RESET);
  }

  @Test
  void countsRefusedStreamsAndOneCalmingGoAwayInOneBuffer() {
    assertSawTheServerOutput(observe(List.of(serverOutput())), "one buffer");
  }

  @Test
  void countsTheSameWhereverTheOutputIsCutInTwo() {
    byte[] all = serverOutput();
    for (int cut = 0; cut <= all.length; cut++) {
      assertSawTheServerOutput(observe(List.of(Arrays.copyOfRange(all, 0, cut),
          Arrays.copyOfRange(all, cut, all.length))), "cut at byte " + cut);
    }
  }

  @Test
  void countsTheSameOneByteABuffer() {
    byte[] all = serverOutput();
    List<byte[]> bytes = new ArrayList<>(all.length);
    for (byte b : all) {
      bytes.add(new byte[] {b});
    }
    assertSawTheServerOutput(observe(bytes), "one byte a buffer");
  }

  @Test
  void namesTheReasonFromTheGoAwaysDebugText() {
    assertThat(calmedBy(goAway(1, Http2RefusalObserver.ENHANCE_YOUR_CALM, "too_many_pings")))
        .containsExactly(CalmReason.TOO_MANY_PINGS);
    assertThat(calmedBy(goAway(1, Http2RefusalObserver.ENHANCE_YOUR_CALM,
        "Maximum number 10000 of outstanding control frames reached"))).containsExactly(CalmReason.OTHER);
    assertThat(calmedBy(goAway(1, Http2RefusalObserver.ENHANCE_YOUR_CALM, ""))).containsExactly(CalmReason.OTHER);
    assertThat(calmedBy(goAway(1, Http2RefusalObserver.ENHANCE_YOUR_CALM, "too_many_"))).containsExactly(
        CalmReason.OTHER);
  }

  @Test
  void aGracefulGoAwayIsNotCountedButTheStreamsRefusedAfterItAreSoTagged() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frame(out, RST_STREAM, 1, code(Http2RefusalObserver.REFUSED_STREAM));
    frame(out, GOAWAY, 0, goAway(Integer.MAX_VALUE, NO_ERROR, "max_age"));
    frame(out, RST_STREAM, 3, code(Http2RefusalObserver.REFUSED_STREAM));
    frame(out, RST_STREAM, 5, code(Http2RefusalObserver.REFUSED_STREAM));
    Seen seen = observe(List.of(out.toByteArray()));
    assertThat(seen.refused).isEqualTo(1);
    assertThat(seen.refusedAfterGoAway).isEqualTo(2);
    assertThat(seen.calmed).isEmpty();
    assertThat(seen.idle).isZero();
  }

  @Test
  void anIdleConnectionsTwoGracefulGoAwaysAreReportedOnce() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frame(out, GOAWAY, 0, goAway(Integer.MAX_VALUE, NO_ERROR, "max_idle"));
    frame(out, GOAWAY, 0, goAway(0, NO_ERROR, "max_idle"));
    Seen seen = observe(List.of(out.toByteArray()));
    assertThat(seen.idle).isEqualTo(1);
    assertThat(seen.calmed).isEmpty();
    assertThat(observe(List.of(out.toByteArray())).idle).isEqualTo(1);
  }

  @Test
  void passesOnWhatIsNotBytes() {
    Seen seen = new Seen();
    EmbeddedChannel ch = new EmbeddedChannel(new Http2RefusalObserver(seen));
    Object command = new Object();
    ch.writeOutbound(command);
    assertThat((Object) ch.readOutbound()).isSameAs(command);
    assertThat(seen.refused).isZero();
  }

  private static List<CalmReason> calmedBy(byte[] goAwayPayload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frame(out, GOAWAY, 0, goAwayPayload);
    return observe(List.of(out.toByteArray())).calmed;
  }
}
