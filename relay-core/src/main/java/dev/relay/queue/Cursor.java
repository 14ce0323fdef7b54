package dev.relay.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The position before which every record is done (delivered or given up on), and the {@code cursor} file that keeps
 * it across restarts as {@code [long segment][long offset][int crc32c]}. Segments behind it are deleted; on open, the
 * records after it are sent again. Guarded by the queue's lock once open.
 */
final class Cursor {
  private static final int SIZE = 20;

  private final Path path;
  private final QueueLog log;
  private FileChannel channel; // reopened if an interrupt closed it
  private long segment;
  private long offset;

  private Cursor(Path path, QueueLog log, FileChannel channel) {
    this.path = path;
    this.log = log;
    this.channel = channel;
  }

  /**
   * Opens (creating if needed) the cursor file of {@code log.directory}. A missing or corrupt cursor is the start of
   * the queue: every segment is read again (a corrupt one with a warning, since entries may be sent twice).
   */
  static Cursor open(QueueLog log) throws IOException {
    Path path = log.directory.resolve("cursor");
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    Cursor cursor = new Cursor(path, log, channel);
    try {
      cursor.read();
    } catch (IOException | RuntimeException e) {
      cursor.close();
      throw e;
    }
    return cursor;
  }

  private void read() throws IOException {
    ByteBuffer cur = ByteBuffer.allocate(SIZE);
    if (channel.read(cur, 0) == SIZE) {
      cur.flip();
      long s = cur.getLong();
      long o = cur.getLong();
      int crc = cur.getInt();
      if (RecordFormat.crc(cur.array(), 0, 16) == crc && s >= 0 && o >= 0) {
        segment = s;
        offset = o;
      } else {
        QueueLog.LOG.warn(
            "queue {}: the cursor file is corrupt; re-reading every segment (some entries may be sent twice)",
            log.directory);
      }
    }
  }

  /** The index of the segment the cursor is in. */
  long segment() {
    return segment;
  }

  /** The cursor's byte offset in {@link #segment()}. */
  long offset() {
    return offset;
  }

  /** Whether every record of {@code seg} is behind the cursor. */
  boolean isPast(Segment seg) {
    return seg.index < segment || (seg.index == segment && offset >= seg.size);
  }

  /** Moves the cursor to just after {@code record} and writes it. */
  void moveAfter(RecordRef record) {
    segment = record.segment().index;
    offset = record.end();
    write();
  }

  /** Writes the cursor to its file. A failure only costs duplicates after a restart, so it is only logged. */
  void write() {
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    b.putLong(segment).putLong(offset);
    b.putInt(RecordFormat.crc(b.array(), 0, 16));
    b.flip();
    boolean interrupted = Thread.interrupted(); // an interrupt during the write would close the channel
    try {
      if (!channel.isOpen()) {
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
      }
      while (b.hasRemaining()) {
        channel.write(b, b.position());
      }
    } catch (IOException e) {
      log.warn("cannot write the cursor: " + e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  void force() throws IOException {
    channel.force(false);
  }

  /** Closes the file; quietly, as part of closing the queue. */
  void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
