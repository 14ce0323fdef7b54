package dev.relay.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundLineWriterTest {
  private static final Duration AWAIT = Duration.ofSeconds(10);
  private final BlockingSink sink = new BlockingSink();
  private final List<BackgroundLineWriter> writers = new ArrayList<>();

  @AfterEach
  void close() throws InterruptedException {
    sink.release.countDown();
    for (BackgroundLineWriter w : writers) {
      w.close();
    }
  }

  private BackgroundLineWriter writer(int maxLines, long maxBytes) {
    BackgroundLineWriter w = new BackgroundLineWriter(sink, maxLines, maxBytes,
        n -> (n + " log lines dropped: stderr was not keeping up\n").getBytes(StandardCharsets.UTF_8), "test-stderr");
    writers.add(w);
    return w;
  }

  private static byte[] line(String text) {
    return (text + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aBlockedSinkBlocksNoLoggerAndLinesPastTheBoundAreDroppedThenCounted() throws Exception {
    BackgroundLineWriter w = writer(10, 1 << 20);
    assertThat(w.offer(line("line 0"))).isTrue();
    assertThat(sink.entered.await(10, TimeUnit.SECONDS)).as("the writer is inside the sink's write").isTrue();
    // Line 0 is being written and blocks; 10 more fit in the queue; 15 are dropped.
    AtomicInteger returned = new AtomicInteger();
    List<Boolean> taken = new ArrayList<>();
    Thread logger = new Thread(() -> {
      for (int i = 1; i <= 25; i++) {
        boolean ok = w.offer(line("line " + i));
        synchronized (taken) {
          taken.add(ok);
        }
        returned.incrementAndGet();
      }
    }, "test-logger");
    logger.start();
    Await.until(AWAIT, "25 calls returned while the sink is blocked", () -> returned.get() == 25);
    assertThat(sink.release.getCount()).as("the sink was blocked all along").isEqualTo(1);
    synchronized (taken) {
      assertThat(taken.subList(0, 10)).containsOnly(true);
      assertThat(taken.subList(10, 25)).containsOnly(false);
    }
    assertThat(w.dropped()).isEqualTo(15);

    sink.release.countDown();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i <= 10; i++) {
      expected.append("line ").append(i).append('\n');
    }
    expected.append("15 log lines dropped: stderr was not keeping up\n");
    Await.until(AWAIT, "kept lines, then the count", () -> sink.text().equals(expected.toString()));

    // Caught up: the next lines are written as they come, with no second report.
    assertThat(w.offer(line("after"))).isTrue();
    expected.append("after\n");
    Await.until(AWAIT, "the next line", () -> sink.text().equals(expected.toString()));
    assertThat(w.dropped()).isEqualTo(15);
  }

  @Test
  void theQueueIsBoundedInBytesAndTakesAnOversizedLineOnlyWhenEmpty() throws Exception {
    BackgroundLineWriter w = writer(100, 100);
    String big = "x".repeat(150);
    assertThat(w.offer(line(big))).as("into an empty queue").isTrue();
    assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue();
    String thirty = "y".repeat(29); // 30 bytes with its line break
    assertThat(w.offer(line(thirty))).isTrue();
    assertThat(w.offer(line(thirty))).isTrue();
    assertThat(w.offer(line(thirty))).isTrue();
    assertThat(w.offer(line(thirty))).as("120 bytes > 100").isFalse();
    assertThat(w.offer(line("z".repeat(9)))).as("100 bytes").isTrue();
    assertThat(w.offer(line(big))).as("not into a queue that holds lines").isFalse();
    sink.release.countDown();
    String expected = big + "\n" + (thirty + "\n").repeat(3) + "z".repeat(9) + "\n"
        + "2 log lines dropped: stderr was not keeping up\n";
    Await.until(AWAIT, "kept lines, then the count", () -> sink.text().equals(expected));
  }

  @Test
  void awaitWrittenGivesUpOnAStalledSinkAndReturnsOnceAllIsOut() throws Exception {
    BackgroundLineWriter w = writer(2, 1 << 20);
    for (int i = 0; i < 5; i++) {
      w.offer(line("line " + i));
    }
    assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue();
    long t0 = System.nanoTime();
    assertThat(w.awaitWritten(Duration.ofMillis(200))).as("the sink takes nothing").isFalse();
    assertThat(System.nanoTime() - t0).as("bounded").isLessThan(Duration.ofSeconds(5).toNanos());
    sink.release.countDown();
    assertThat(w.awaitWritten(AWAIT)).isTrue();
    // Line 0 was taken at once (or queued), lines up to the queue's bound after it; the others were dropped.
    String out = sink.text();
    long dropped = w.dropped();
    assertThat(dropped).isBetween(2L, 3L);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 5 - dropped; i++) {
      expected.append("line ").append(i).append('\n');
    }
    expected.append(dropped).append(" log lines dropped: stderr was not keeping up\n");
    assertThat(out).as("everything out when awaitWritten returns").isEqualTo(expected.toString());
  }

  @Test
  void aPrintStreamOverLineOutputStreamHandsOverWholeLinesAndPartialOnesOnFlush() throws Exception {
    sink.release.countDown();
    BackgroundLineWriter w = writer(100, 1 << 20);
    PrintStream out = new PrintStream(new LineOutputStream(w, 8), false, StandardCharsets.UTF_8);
    out.println("one");
    out.print("tw");
    out.print("o\nthr");
    out.print("ee");
    Await.until(AWAIT, "whole lines only", () -> sink.text().equals("one\ntwo\n"));
    out.flush();
    Await.until(AWAIT, "the partial line on flush", () -> sink.text().equals("one\ntwo\nthree"));
    out.println("0123456789abc");
    assertThat(w.awaitWritten(AWAIT)).isTrue();
    assertThat(sink.text()).as("a line past 8 bytes in pieces").isEqualTo("one\ntwo\nthree0123456789abc\n");
    assertThat(sink.writes).as("pieces of at most 8 bytes").allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(8));
  }

  /** stderr whose reader stops: its first write waits until {@link #release}. */
  private static final class BlockingSink extends OutputStream {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<Integer> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      entered.countDown();
      try {
        if (!release.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      writes.add(len);
      synchronized (bytes) {
        bytes.write(b, off, len);
      }
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
