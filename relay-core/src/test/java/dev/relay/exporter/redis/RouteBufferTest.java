package dev.relay.exporter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteBufferTest {
  private static RouteBuffer.Message msg(String channel, String stream, String payload) {
    return new RouteBuffer.Message(null, channel == null ? null : channel.getBytes(),
        stream == null ? null : stream.getBytes(), payload.getBytes());
  }

  private static List<String> drain(RouteBuffer b) {
    List<String> out = new ArrayList<>();
    RouteBuffer.Message m;
    while ((m = b.poll()) != null) {
      out.add((m.channel() == null ? "-" : new String(m.channel())) + "/" + (m.stream() == null ? "-"
          : new String(m.stream())) + ":" + new String(m.payload()));
    }
    return out;
  }

  @Test
  void dropOldestKeepsTheNewestAndDropNewestKeepsTheOldest() {
    RouteBuffer oldest = new RouteBuffer(3, true);
    RouteBuffer newest = new RouteBuffer(3, false);
    int refusedOldest = 0;
    int refusedNewest = 0;
    for (int i = 0; i < 5; i++) {
      refusedOldest += oldest.add(msg("c", null, "m" + i)) == null ? 0 : 1;
      refusedNewest += newest.add(msg("c", null, "m" + i)) == null ? 0 : 1;
    }
    assertThat(refusedOldest).isEqualTo(2);
    assertThat(refusedNewest).isEqualTo(2);
    assertThat(drain(oldest)).containsExactly("c/-:m2", "c/-:m3", "c/-:m4");
    assertThat(drain(newest)).containsExactly("c/-:m0", "c/-:m1", "c/-:m2");
  }

  @Test
  void droppingChannelsKeepsStreamPartsInOrder() {
    RouteBuffer b = new RouteBuffer(8, true);
    b.poll();
    b.add(msg("c", "s", "1"));
    b.add(msg("c", null, "2"));
    b.add(msg(null, "s", "3"));
    b.add(msg("c", "s", "4"));
    assertThat(b.dropChannels()).isEqualTo(3);
    assertThat(b.dropChannels()).isZero();
    assertThat(drain(b)).containsExactly("-/s:1", "-/s:3", "-/s:4");
  }
}
