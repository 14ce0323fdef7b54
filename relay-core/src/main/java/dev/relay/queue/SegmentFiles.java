package dev.relay.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A queue's segment files, {@code 00000000000000000001.log}, …: their names, the ones in use (oldest first), the one
 * being written, the bytes they take, and their deletion once everything in them is behind the cursor.
 */
final class SegmentFiles {
  private static final String SUFFIX = ".log";
  private static final int DIGITS = 20;

  private final QueueLog log;
  /** Guarded by the queue's lock (filled without it while the queue is opened). */
  private final TreeMap<Long, Segment> live = new TreeMap<>();
  /** The segment being appended to; replaced under the queue's write lock. */
  private volatile Segment writing;
  private final AtomicLong diskBytes = new AtomicLong();

  SegmentFiles(QueueLog log) {
    this.log = log;
  }

  Path path(long index) {
    return log.directory.resolve(String.format("%020d%s", index, SUFFIX));
  }

  /** The indices of the segment files in the directory, in order. */
  List<Long> indicesOnDisk() throws IOException {
    List<Long> indices = new ArrayList<>();
    try (var files = Files.list(log.directory)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.endsWith(SUFFIX) && name.length() == DIGITS + SUFFIX.length()
            && name.chars().limit(DIGITS).allMatch(Character::isDigit)) {
          indices.add(Long.parseLong(name.substring(0, DIGITS)));
        }
      }
    }
    indices.sort(null);
    return indices;
  }

  /** Opens segment {@code index} for appending, creating it if needed; not yet in use. */
  Segment create(long index) throws IOException {
    Path path = path(index);
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    long size = ch.size();
    ch.position(size);
    return new Segment(index, path, ch, size);
  }

  /** Puts {@code seg} in use. */
  void add(Segment seg) {
    live.put(seg.index, seg);
  }

  /** Puts a recovered segment in use, counting what it holds. */
  void addRecovered(Segment seg) {
    live.put(seg.index, seg);
    diskBytes.addAndGet(seg.size);
  }

  Segment writing() {
    return writing;
  }

  void writeTo(Segment seg) {
    writing = seg;
  }

  /** Bytes the segment files take on disk. */
  long diskBytes() {
    return diskBytes.get();
  }

  /** Counts a record appended. */
  void grew(long recordBytes) {
    diskBytes.addAndGet(recordBytes);
  }

  /**
   * Deletes the sealed segments, oldest first, that are behind {@code cursor} and hold neither {@code oldestReady}
   * nor {@code oldestTaken} (the oldest records not done). Called with the queue's lock held.
   */
  void reclaim(Cursor cursor, RecordRef oldestReady, RecordRef oldestTaken) {
    Segment current = writing;
    while (!live.isEmpty()) {
      Map.Entry<Long, Segment> first = live.firstEntry();
      Segment seg = first.getValue();
      boolean waiting = (oldestReady != null && oldestReady.segment() == seg)
          || (oldestTaken != null && oldestTaken.segment() == seg);
      if (seg == current || waiting || !cursor.isPast(seg)) {
        return;
      }
      live.pollFirstEntry();
      diskBytes.addAndGet(-seg.size);
      try {
        seg.retire();
        Files.deleteIfExists(seg.path);
      } catch (IOException e) {
        log.warn("cannot delete " + seg.path.getFileName() + ": " + e);
      }
    }
  }

  /** Closes every segment in use for good; quietly, as part of closing the queue. */
  void retireAll() {
    for (Segment seg : live.values()) {
      try {
        seg.retire();
      } catch (IOException ignored) {
        // closing
      }
    }
  }
}
