package dev.relay.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentQueueTest {
  /** Items are strings; the metadata is their length, checked on decode. */
  private static final PersistentQueue.Codec<String> CODEC = new PersistentQueue.Codec<>() {
    @Override
    public byte[] bytes(String item) {
      return item.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public long meta(String item) {
      return item.length();
    }

    @Override
    public String decode(byte[] bytes, long meta) {
      String s = new String(bytes, StandardCharsets.UTF_8);
      if (s.length() != meta) {
        throw new IllegalArgumentException("length " + s.length() + " != " + meta);
      }
      return s;
    }
  };

  @TempDir Path dir;
  private final List<PersistentQueue<String>> open = new ArrayList<>();

  @AfterEach
  void closeAll() {
    open.forEach(PersistentQueue::close);
  }

  private PersistentQueue<String> queue(long capacity, long maxBytes, long segmentBytes, PersistentQueue.Fsync fsync)
      throws IOException {
    var q = new PersistentQueue<>(
        new PersistentQueue.Settings(dir, fsync, Duration.ofMillis(10), maxBytes, segmentBytes), CODEC, capacity,
        s -> 1);
    open.add(q);
    return q;
  }

  private PersistentQueue<String> queue() throws IOException {
    return queue(1000, 1 << 20, 1 << 20, PersistentQueue.Fsync.ALWAYS);
  }

  private static List<String> takeAll(PersistentQueue<String> q, boolean done) {
    List<String> out = new ArrayList<>();
    for (QueueEntry<String> e; (e = q.poll()) != null; ) {
      out.add(e.item());
      if (done) {
        q.done(e);
      }
    }
    return out;
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
    }
  }

  @Test
  void givesItemsBackInOrderAndForgetsOnlyWhatIsDone() throws Exception {
    var q = queue();
    for (String s : List.of("a", "bb", "ccc", "dddd")) {
      assertThat(q.offer(s)).isTrue();
    }
    assertThat(q.size()).isEqualTo(4);
    assertThat(q.used()).isEqualTo(4);
    QueueEntry<String> a = q.poll(1, TimeUnit.SECONDS);
    QueueEntry<String> b = q.poll();
    QueueEntry<String> c = q.poll();
    assertThat(List.of(a.item(), b.item(), c.item())).containsExactly("a", "bb", "ccc");
    // Done out of order: "a" and "ccc" are done, "bb" is not, "dddd" was never taken.
    q.done(c);
    q.done(a);
    q.close();
    open.clear();

    var reopened = queue();
    assertThat(reopened.size()).isEqualTo(3);
    assertThat(takeAll(reopened, true)).containsExactly("bb", "ccc", "dddd");
    reopened.close();
    open.clear();

    var empty = queue();
    assertThat(empty.size()).isZero();
    assertThat(empty.poll(10, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void whatWasWrittenSurvivesAProcessThatNeverClosed() throws Exception {
    var q = queue(1000, 1 << 20, 1 << 20, PersistentQueue.Fsync.NEVER);
    for (int i = 0; i < 100; i++) {
      q.offer("item-" + i);
    }
    for (int i = 0; i < 40; i++) {
      q.done(q.poll());
    }
    // No close: the lock file's lock is released as a killed process's would be, by closing its channel below.
    open.clear();
    releaseWithoutClosing(q);

    var reopened = queue();
    List<String> rest = takeAll(reopened, true);
    assertThat(rest).hasSize(60);
    assertThat(rest.get(0)).isEqualTo("item-40");
    assertThat(rest.get(59)).isEqualTo("item-99");
  }

  /** What the operating system does for a killed process: its file locks go, nothing else is written. */
  private static void releaseWithoutClosing(PersistentQueue<?> q) throws Exception {
    var field = PersistentQueue.class.getDeclaredField("directoryLock");
    field.setAccessible(true);
    ((DirectoryLock) field.get(q)).release();
  }

  @Test
  void aTornTailIsTruncatedWithEverythingBeforeItKept() throws Exception {
    var q = queue();
    for (int i = 0; i < 10; i++) {
      q.offer("record-" + i);
    }
    q.close();
    open.clear();
    Path seg = segments().get(0);
    long size = Files.size(seg);
    // Half a record appended, as a crash in the middle of a write leaves it.
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.seek(size);
      f.write(new byte[] {0, 0, 0, 40, 1, 2, 3});
    }

    var reopened = queue();
    assertThat(Files.size(seg)).isEqualTo(size);
    assertThat(reopened.corruptRecords()).isEqualTo(1);
    assertThat(takeAll(reopened, true)).hasSize(10).startsWith("record-0").endsWith("record-9");
  }

  @Test
  void aCorruptRecordCutsTheLastSegmentThereAndKeepsWhatCameBefore() throws Exception {
    var q = queue();
    for (int i = 0; i < 10; i++) {
      q.offer("record-" + i);
    }
    q.close();
    open.clear();
    Path seg = segments().get(0);
    long recordBytes = 16 + "record-0".length();
    // Flip one byte inside the payload of the 8th record (index 7).
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      long at = 7 * recordBytes + 16 + 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0xff);
    }

    var reopened = queue();
    assertThat(Files.size(seg)).isEqualTo(7 * recordBytes);
    assertThat(takeAll(reopened, true))
        .containsExactly("record-0", "record-1", "record-2", "record-3", "record-4", "record-5", "record-6");
    // New items still go in and come out.
    reopened.offer("after");
    assertThat(takeAll(reopened, true)).containsExactly("after");
  }

  @Test
  void aCorruptEarlierSegmentLosesOnlyItsRestAndLaterSegmentsAreKept() throws Exception {
    long recordBytes = 16 + "record-00".length();
    var q = queue(1000, 1 << 20, 5 * recordBytes, PersistentQueue.Fsync.ALWAYS);
    for (int i = 0; i < 15; i++) {
      q.offer(String.format("record-%02d", i));
    }
    q.close();
    open.clear();
    List<Path> segs = segments();
    assertThat(segs).hasSize(3);
    try (RandomAccessFile f = new RandomAccessFile(segs.get(0).toFile(), "rw")) {
      f.seek(2 * recordBytes + 4); // the checksum of the third record
      f.write(0x55);
    }

    var reopened = queue(1000, 1 << 20, 5 * recordBytes, PersistentQueue.Fsync.ALWAYS);
    List<String> got = takeAll(reopened, true);
    assertThat(got).containsExactly("record-00", "record-01", "record-05", "record-06", "record-07", "record-08",
        "record-09", "record-10", "record-11", "record-12", "record-13", "record-14");
    // Everything was done, so only the segment being written is left.
    reopened.offer("x");
    assertThat(takeAll(reopened, true)).containsExactly("x");
    assertThat(segments()).hasSize(1);
  }

  @Test
  void deliveredSegmentsAreDeletedAndDiskUseIsBounded() throws Exception {
    long recordBytes = 16 + "record-00".length();
    var q = queue(1000, 10 * recordBytes, 4 * recordBytes, PersistentQueue.Fsync.INTERVAL);
    int accepted = 0;
    for (int i = 0; i < 20; i++) {
      if (q.offer(String.format("record-%02d", i))) {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(10);
    assertThat(q.diskBytes()).isEqualTo(10 * recordBytes);
    assertThat(segments()).hasSize(3);
    assertThat(takeAll(q, true)).hasSize(10);
    // Sealed segments are gone once delivered; the one being written stays until it is sealed.
    assertThat(segments()).hasSize(1);
    assertThat(q.diskBytes()).isEqualTo(2 * recordBytes);
    for (int i = 0; i < 8; i++) {
      assertThat(q.offer("again-" + i)).isTrue();
    }
  }

  @Test
  void capacityCountsWaitingItemsAndAnEmptyQueueTakesAnythingOnce() throws Exception {
    var q = queue(3, 1 << 20, 1 << 20, PersistentQueue.Fsync.NEVER);
    assertThat(q.offer("1")).isTrue();
    assertThat(q.offer("2")).isTrue();
    assertThat(q.offer("3")).isTrue();
    assertThat(q.offer("4")).isFalse();
    QueueEntry<String> e = q.poll();
    assertThat(q.offer("4")).isTrue();
    q.done(e);

    var tiny = new PersistentQueue<>(new PersistentQueue.Settings(dir.resolve("tiny"), PersistentQueue.Fsync.NEVER,
        Duration.ofSeconds(1), 10, 10), CODEC, 10, s -> 1);
    open.add(tiny);
    assertThat(tiny.offer("much larger than ten bytes")).isTrue();
    assertThat(tiny.offer("more")).isFalse();
  }

  @Test
  void aSecondUserOfTheDirectoryIsRefused() throws Exception {
    queue();
    assertThatThrownBy(this::queue).isInstanceOf(IOException.class).hasMessageContaining("in use");
  }

  @Test
  void aCorruptCursorMeansResendingNotLosing() throws Exception {
    var q = queue();
    q.offer("a");
    q.offer("b");
    q.done(q.poll());
    q.close();
    open.clear();
    Files.write(dir.resolve("cursor"), new byte[20]); // a cursor with a wrong checksum
    var reopened = queue();
    assertThat(takeAll(reopened, true)).containsExactly("a", "b");
  }

  @Test
  void interruptedThreadsNeitherLoseRecordsNorBreakTheFiles() throws Exception {
    var q = queue();
    // A FileChannel closes itself when an interrupted thread uses it: the queue must keep working regardless.
    Thread.currentThread().interrupt();
    try {
      assertThat(q.offer("a")).isTrue();
      assertThat(q.offer("b")).isTrue();
      QueueEntry<String> a = q.poll();
      assertThat(a.item()).isEqualTo("a");
      q.done(a);
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(q.offer("c")).isTrue();
    assertThat(takeAll(q, true)).containsExactly("b", "c");
    assertThat(q.corruptRecords()).isZero();
    q.close();
    open.clear();
    var reopened = queue();
    assertThat(reopened.size()).isZero();
  }

  @Test
  void aConsumerWaitsForAnItem() throws Exception {
    var q = queue();
    Thread producer = new Thread(() -> q.offer("late"));
    producer.start();
    QueueEntry<String> e = q.poll(10, TimeUnit.SECONDS);
    producer.join();
    assertThat(e.item()).isEqualTo("late");
  }
}
