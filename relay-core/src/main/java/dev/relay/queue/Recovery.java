package dev.relay.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * What opening a queue finds of an earlier process: every record after the cursor is checked and indexed. A torn or
 * corrupt tail of the last segment is truncated with a warning, and the corrupt rest of an earlier segment is skipped
 * with one; segments behind the cursor, or holding nothing, are deleted. Nothing on disk can stop the queue from
 * opening.
 */
final class Recovery<T> {
  private final SegmentFiles files;
  private final PersistentQueue.Codec<T> codec;
  private final ToLongFunction<T> weigher;
  private final Path directory;

  private long records;
  private long used;
  private long corrupt;

  Recovery(SegmentFiles files, PersistentQueue.Codec<T> codec, ToLongFunction<T> weigher, Path directory) {
    this.files = files;
    this.codec = codec;
    this.weigher = weigher;
    this.directory = directory;
  }

  /**
   * Puts the segments that hold records after {@code cursor} in use in {@code files}, and the records in
   * {@code ready}, in order and numbered from 0. Returns the index of the segment to write next.
   */
  long recover(Cursor cursor, ArrayDeque<RecordRef> ready) throws IOException {
    long cs = cursor.segment();
    long co = cursor.offset();
    List<Long> indices = files.indicesOnDisk();
    long lastIndex = indices.isEmpty() ? cs : indices.get(indices.size() - 1);
    for (long index : indices) {
      if (index < cs) {
        Files.deleteIfExists(files.path(index)); // delivered before the last stop; its deletion was cut short
        continue;
      }
      Path path = files.path(index);
      FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      long size = ch.size();
      long pos = index == cs ? Math.min(co, size) : 0;
      Segment seg = new Segment(index, path, ch, size);
      pos = scan(seg, pos, ready);
      if (pos < size) {
        if (index == lastIndex) {
          QueueLog.LOG.warn("queue {}: {} has a torn or corrupt tail; truncating it at byte {} ({} bytes dropped)",
              directory, path.getFileName(), pos, size - pos);
          ch.truncate(pos);
          seg.size = pos;
        } else {
          QueueLog.LOG.warn("queue {}: {} is corrupt from byte {}; skipping its last {} bytes (entries there are lost)",
              directory, path.getFileName(), pos, size - pos);
        }
        corrupt++;
      }
      if (seg.size == 0) {
        ch.close();
        Files.deleteIfExists(path); // holds nothing: left by a run that stopped before writing to it
        continue;
      }
      files.addRecovered(seg);
    }
    return Math.max(lastIndex, cs) + 1;
  }

  /** Indexes the valid records of {@code seg} from {@code pos}; returns where the valid part ends. */
  private long scan(Segment seg, long pos, ArrayDeque<RecordRef> ready) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(RecordFormat.HEADER);
    long size = seg.size;
    while (pos + RecordFormat.HEADER <= size) {
      header.clear();
      RecordFormat.readFully(seg.channel(), header, pos);
      int length = RecordFormat.length(header);
      if (!RecordFormat.plausible(length) || pos + RecordFormat.size(length) > size) {
        return pos;
      }
      byte[] bytes = RecordFormat.bytesOf(length);
      RecordFormat.readFully(seg.channel(), ByteBuffer.wrap(bytes), pos + RecordFormat.HEADER);
      if (!RecordFormat.intact(header, bytes)) {
        return pos;
      }
      long weight;
      try {
        weight = weigher.applyAsLong(codec.decode(bytes, RecordFormat.meta(header)));
      } catch (RuntimeException e) {
        return pos;
      }
      ready.add(new RecordRef(records++, seg, pos, length, weight));
      used += weight;
      pos += RecordFormat.size(length);
    }
    return pos;
  }

  /** Records indexed: the number of the next one. */
  long records() {
    return records;
  }

  /** Their weight against the capacity. */
  long used() {
    return used;
  }

  /** Segments found torn or corrupt. */
  long corrupt() {
    return corrupt;
  }
}
