package dev.relay.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseWriterTest {
  @Test
  void anEventFrameHoldsExactlyItsBytes() {
    String data = "{\"pad\":\"" + "x".repeat(3_000) + "\u00e9\"}";
    ByteBuf frame = SseWriter.eventFrame("1-0", data);
    try {
      byte[] expected = ("id: 1-0\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
      assertThat(frame.readableBytes()).isEqualTo(expected.length);
      // What a client that does not read keeps in the relay's heap is what its buffer counts.
      assertThat(frame.capacity()).isEqualTo(expected.length);
      assertThat(frame.toString(StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
    } finally {
      frame.release();
    }
  }
}
