package dev.relay.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.component.PipelineId;
import dev.relay.otlp.Signal;
import dev.relay.otlp.TracesBatch;
import dev.relay.testing.TestTraces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A {@code /tap} session queues on the receiver thread and matches on the tap thread within its work budget, on a
 * real (embedded) Netty channel with a clock the test drives.
 */
class TapSessionTest {
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final SseWriter sse = new SseWriter(channel);
  private final Counter droppedMeter = Counter.builder("dropped").register(new SimpleMeterRegistry());
  private final List<Runnable> tapThread = new ArrayList<>();

  private static TracesBatch batch(String prefix, int spans) {
    return TracesBatch.of(TestTraces.request(TestTraces.spans(prefix, spans)));
  }

  /** The data frames and the dropped counts written to the client, in order. */
  private List<String> written() {
    List<String> frames = new ArrayList<>();
    for (Object o; (o = channel.readOutbound()) != null; ) {
      ByteBuf b = ((HttpContent) o).content();
      frames.add(b.toString(StandardCharsets.UTF_8));
      b.release();
    }
    return frames;
  }

  private static long count(List<String> frames, String prefix) {
    return frames.stream().filter(f -> f.startsWith(prefix)).count();
  }

  @Test
  void receiverThreadsOnlyQueueAndABehindClientLosesWholeBatchesCounted() throws Exception {
    // A clock that stands still: this test is about queueing, not the work budget, which a loaded machine could
    // otherwise exhaust on the first (cold) batch.
    TapSession session = TapSession.open(sse, new PipelineId(Signal.TRACES, ""), null, 100_000, tapThread::add,
        TapConfig.defaults(), droppedMeter, () -> 0L);
    for (int i = 0; i < TapSession.MAX_QUEUED_BATCHES + 2; i++) {
      session.offer(batch("b" + i + "-", 10));
    }
    // Nothing matched yet: the tap thread has one task waiting, whatever the number of batches.
    assertThat(written()).isEmpty();
    assertThat(tapThread).hasSize(1);
    assertThat(droppedMeter.count()).isEqualTo(20);
    tapThread.remove(0).run();
    session.flushDropped();
    List<String> frames = written();
    assertThat(count(frames, "data: {\"resource\"")).isEqualTo(10 * TapSession.MAX_QUEUED_BATCHES);
    assertThat(frames).last().isEqualTo("event: dropped\ndata: {\"dropped\":20}\n\n");
    // Caught up: the next batch is matched again, through a new task.
    session.offer(batch("later-", 3));
    assertThat(tapThread).hasSize(1);
    tapThread.remove(0).run();
    assertThat(count(written(), "data: {\"resource\"")).isEqualTo(3);
  }

  @Test
  void matchingStopsAtTheWorkBudgetOfEachSecondAndTheRestIsCountedAsDropped() throws Exception {
    AtomicLong now = new AtomicLong();
    long step = Duration.ofMillis(1).toNanos();
    // Every clock read is 1 ms later, so the budget (1 ms a second, 10 ms a window of 10 s) lasts a handful of items.
    TapSession session = TapSession.open(sse, new PipelineId(Signal.TRACES, ""), "name != \"\"", 100_000,
        Runnable::run, new TapConfig(16, Duration.ofMillis(1)), droppedMeter, () -> now.addAndGet(step));
    session.offer(batch("s", 100));
    session.flushDropped();
    List<String> frames = written();
    long shown = count(frames, "data: {\"resource\"");
    assertThat(shown).isBetween(1L, 10L);
    assertThat(droppedMeter.count()).isEqualTo(100 - shown);
    assertThat(frames).last().isEqualTo("event: dropped\ndata: {\"dropped\":" + (100 - shown) + "}\n\n");
    // The budget is spent for this window: a second batch now is dropped whole, without being decoded.
    session.offer(batch("t", 7));
    assertThat(droppedMeter.count()).isEqualTo(107 - shown);
    // Once the 10 s window is over there is budget again.
    now.addAndGet(Duration.ofSeconds(TapSession.BUDGET_WINDOW_SECONDS).toNanos());
    session.offer(batch("u", 2));
    assertThat(count(written(), "data: {\"resource\"")).isEqualTo(2);
  }
}
