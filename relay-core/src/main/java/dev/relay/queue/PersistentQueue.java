package dev.relay.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;

/**
 * A queue kept on disk as an append-only log of checksummed records in numbered segment files, so that what was
 * accepted survives a crash (including {@code kill -9}) and is sent after the restart: at least once.
 *
 * <p>Layout of the directory: {@code 00000000000000000001.log}, … segments; {@code cursor}, the position before
 * which every record was delivered (or given up on); {@code lock}, held while a process uses the queue. A record is
 * {@code [int length][int crc32c][long meta][bytes]}, where length counts meta and bytes and the checksum covers
 * both. Segments behind the cursor are deleted. On open, every record after the cursor is checked; a torn or corrupt
 * tail of the last segment is truncated with a warning, and the corrupt rest of an earlier segment is skipped with
 * one. Nothing on disk can stop the queue from opening.
 *
 * <p>Only the index of waiting records (a few dozen bytes each) is kept in memory; a record is read back when a
 * consumer takes it. Appends are serialized; with {@link Fsync#ALWAYS} concurrent appenders share one {@code fsync}.
 *
 * <p>This class keeps offer, poll and done, the index of waiting records, and the locks: {@code writeLock}
 * serializes appends, {@code lock} guards the index and what the parts below hold for it; the parts take neither.
 * The parts: {@code RecordFormat} (a record's bytes), {@code Segment} and {@code SegmentFiles} (the files, their
 * channels and their deletion), {@code Recovery} (what opening finds), {@code FsyncPolicy}, {@code TakenRecords} and
 * {@code Cursor} (what is done, and the position before which all is), {@code DirectoryLock} and {@code QueueLog}.
 */
public final class PersistentQueue<T> implements ExportQueue<T> {
  private static final Logger LOG = QueueLog.LOG;

  /** Turns items into stored bytes plus one number of metadata, and back. */
  public interface Codec<T> {
    byte[] bytes(T item);

    long meta(T item);

    T decode(byte[] bytes, long meta);
  }

  /** When appended records are forced to the device. */
  public enum Fsync {
    /** Before {@link #offer} returns: what was accepted survives a power loss too. */
    ALWAYS,
    /** Every {@code fsync_interval}: survives a crash of the process, and a power loss up to the interval. */
    INTERVAL,
    /** Left to the operating system: survives a crash of the process only. */
    NEVER
  }

  /** Where and how a queue is stored; checked when built. */
  public record Settings(Path directory, Fsync fsync, Duration fsyncInterval, long maxBytes, long segmentBytes) {
    public Settings {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(fsync, "fsync");
      if (fsyncInterval == null || fsyncInterval.isNegative() || fsyncInterval.isZero()) {
        throw new IllegalArgumentException("fsync_interval must be positive");
      }
      if (maxBytes < 1) {
        throw new IllegalArgumentException("max_size must be positive");
      }
      if (segmentBytes < 1) {
        throw new IllegalArgumentException("segment size must be positive");
      }
    }

    /** Segments of an eighth of the whole, between 1 and 64 MiB: small enough to free space as it is sent. */
    public static long segmentBytesFor(long maxBytes) {
      return Math.max(1 << 20, Math.min(64L << 20, maxBytes / 8));
    }
  }

  /** A record that could not be read for a reason other than its content (an I/O error): it stays queued. */
  private static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(IOException cause) {
      super(cause.toString(), cause, false, false);
    }
  }

  private final Settings settings;
  private final Codec<T> codec;
  private final ToLongFunction<T> weigher;
  private final long capacity;
  private final QueueLog log;

  private final DirectoryLock directoryLock;
  private final SegmentFiles files;
  private final Cursor cursor; // guarded by lock once open
  private final FsyncPolicy fsync;

  /** Held while appending; taken before {@link #lock} when both are needed. */
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();

  // Guarded by lock.
  private final ArrayDeque<RecordRef> ready = new ArrayDeque<>();
  private final TakenRecords taken = new TakenRecords();
  private volatile boolean closed;

  // Guarded by writeLock.
  private long nextSeq;

  private final AtomicLong used = new AtomicLong();
  /** Records written and not yet done: waiting or taken. */
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong corruptRecords = new AtomicLong();

  /**
   * Opens (creating if needed) the queue in {@code settings.directory()}, recovering what an earlier process left.
   * {@code capacity} bounds the waiting records as {@code weigher} counts them.
   *
   * @throws IOException when the directory cannot be used, or another process holds it
   */
  public PersistentQueue(Settings settings, Codec<T> codec, long capacity, ToLongFunction<T> weigher)
      throws IOException {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.weigher = Objects.requireNonNull(weigher, "weigher");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
    Path dir = settings.directory();
    Files.createDirectories(dir);
    directoryLock = DirectoryLock.acquire(dir);
    log = new QueueLog(dir);
    files = new SegmentFiles(log);
    fsync = new FsyncPolicy(settings.fsync(), settings.fsyncInterval(), files, log, () -> closed);
    Cursor opened = null;
    try {
      opened = Cursor.open(log);
      Recovery<T> recovery = new Recovery<>(files, codec, weigher, dir);
      long next = recovery.recover(opened, ready);
      nextSeq = recovery.records();
      used.set(recovery.used());
      pending.set(recovery.records());
      corruptRecords.set(recovery.corrupt());
      files.writeTo(openSegment(next));
      if (!ready.isEmpty()) {
        LOG.info("queue {}: {} entries from an earlier run will be sent again", dir, ready.size());
      }
      // Recovered records are on the device already.
      fsync.recovered(nextSeq - 1);
    } catch (IOException | RuntimeException e) {
      closeQuietly(opened);
      throw e;
    }
    cursor = opened;
    fsync.start();
  }

  /** Opens segment {@code index} for appending and puts it in use. */
  private Segment openSegment(long index) throws IOException {
    Segment seg = files.create(index);
    lock.lock();
    try {
      files.add(seg);
    } finally {
      lock.unlock();
    }
    return seg;
  }

  @Override
  public boolean offer(T item) {
    byte[] bytes = codec.bytes(item);
    long meta = codec.meta(item);
    long weight = weigher.applyAsLong(item);
    int length = RecordFormat.length(bytes);
    long recordBytes = RecordFormat.size(length);
    long seq;
    writeLock.lock();
    try {
      if (closed) {
        return false;
      }
      long nowUsed = used.get();
      boolean empty = nowUsed == 0 && pending.get() == 0;
      if (!empty && (nowUsed + weight > capacity || files.diskBytes() + recordBytes > settings.maxBytes())) {
        return false;
      }
      Segment seg = files.writing();
      if (seg.size > 0 && seg.size + recordBytes > settings.segmentBytes()) {
        seg = roll(seg);
      }
      ByteBuffer[] parts = {RecordFormat.header(length, meta, bytes), ByteBuffer.wrap(bytes)};
      long offset = seg.size;
      try {
        seg.append(parts, recordBytes, offset);
      } catch (IOException e) {
        log.error("cannot append to " + seg.path.getFileName() + ": " + e);
        return false;
      }
      seg.size = offset + recordBytes;
      files.grew(recordBytes);
      seq = nextSeq++;
      lock.lock();
      try {
        ready.add(new RecordRef(seq, seg, offset, length, weight));
        used.addAndGet(weight);
        pending.incrementAndGet();
        notEmpty.signal();
      } finally {
        lock.unlock();
      }
      fsync.written(seq);
    } finally {
      writeLock.unlock();
    }
    fsync.committed(seq);
    return true;
  }

  /** Seals {@code seg} and starts the next segment. Called with writeLock held. */
  private Segment roll(Segment seg) {
    try {
      fsync.seal(seg);
      Segment next = openSegment(seg.index + 1);
      files.writeTo(next);
      lock.lock();
      try {
        reclaim();
      } finally {
        lock.unlock();
      }
      return next;
    } catch (IOException e) {
      log.error("cannot start a new segment: " + e);
      return seg;
    }
  }

  @Override
  public QueueEntry<T> poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    long deadline = System.nanoTime() + nanos;
    while (true) {
      RecordRef ref;
      lock.lockInterruptibly();
      try {
        while (ready.isEmpty()) {
          if (closed || nanos <= 0) {
            return null;
          }
          nanos = notEmpty.awaitNanos(nanos);
        }
        ref = take();
      } finally {
        lock.unlock();
      }
      QueueEntry<T> entry;
      try {
        entry = read(ref);
      } catch (Unreadable e) {
        return null;
      }
      if (entry != null) {
        return entry;
      }
      nanos = deadline - System.nanoTime();
    }
  }

  @Override
  public QueueEntry<T> poll() {
    while (true) {
      RecordRef ref;
      lock.lock();
      try {
        if (ready.isEmpty() || closed) {
          return null;
        }
        ref = take();
      } finally {
        lock.unlock();
      }
      QueueEntry<T> entry;
      try {
        entry = read(ref);
      } catch (Unreadable e) {
        return null;
      }
      if (entry != null) {
        return entry;
      }
    }
  }

  private RecordRef take() {
    RecordRef ref = ready.poll();
    used.addAndGet(-ref.weight());
    taken.add(ref);
    return ref;
  }

  /**
   * Reads a taken record back. A record that no longer reads as written is dropped with a warning and null is
   * returned; one that cannot be read for an I/O error goes back to the head of the queue.
   */
  private QueueEntry<T> read(RecordRef ref) throws Unreadable {
    byte[] bytes = RecordFormat.bytesOf(ref.length());
    ByteBuffer header = ByteBuffer.allocate(RecordFormat.HEADER);
    try {
      ref.segment().read(header, bytes, ref.offset());
    } catch (IOException e) {
      untake(ref);
      log.warn("cannot read " + ref.segment().path.getFileName() + " now (" + e + "); the record stays queued");
      throw new Unreadable(e);
    }
    try {
      if (RecordFormat.length(header) != ref.length() || !RecordFormat.intact(header, bytes)) {
        throw new IOException("checksum mismatch");
      }
      T item = codec.decode(bytes, RecordFormat.meta(header));
      return new QueueEntry<>(item, ref.seq());
    } catch (IOException | RuntimeException e) {
      corruptRecords.incrementAndGet();
      log.error("dropping the record at byte " + ref.offset() + " of " + ref.segment().path.getFileName()
          + ", which no longer reads as written: " + e);
      markDone(ref.seq());
      return null;
    }
  }

  /** Puts a taken record back at the head of the queue. */
  private void untake(RecordRef ref) {
    lock.lock();
    try {
      if (taken.remove(ref)) {
        ready.addFirst(ref);
        used.addAndGet(ref.weight());
        notEmpty.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void done(QueueEntry<T> entry) {
    markDone(entry.position());
  }

  private void markDone(long seq) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      pending.decrementAndGet();
      RecordRef head = taken.done(seq);
      if (head != null) {
        cursor.moveAfter(head);
        reclaim();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Deletes sealed segments that hold nothing undelivered. Called with lock held. */
  private void reclaim() {
    files.reclaim(cursor, ready.peekFirst(), taken.oldest());
  }

  @Override
  public int size() {
    lock.lock();
    try {
      return ready.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long used() {
    return used.get();
  }

  /** Records written and not yet done: waiting, or taken and not delivered. */
  public long pending() {
    return pending.get();
  }

  /** Bytes the segment files take on disk. */
  public long diskBytes() {
    return files.diskBytes();
  }

  /** Records found corrupt, on open or when read back. */
  public long corruptRecords() {
    return corruptRecords.get();
  }

  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public List<T> close() {
    writeLock.lock();
    try {
      lock.lock();
      try {
        if (closed) {
          return List.of();
        }
        closed = true;
        notEmpty.signalAll();
        cursor.write();
      } finally {
        lock.unlock();
      }
    } finally {
      writeLock.unlock();
    }
    fsync.stop();
    try {
      Thread.interrupted(); // close may run on an interrupted thread; the final force must not be cut short
      files.writing().channel().force(false);
      cursor.force();
    } catch (IOException e) {
      LOG.warn("queue {}: fsync at close failed: {}", settings.directory(), e.toString());
    }
    closeQuietly(cursor);
    return List.of();
  }

  /** Closes what is open; {@code opened} is null when opening failed before the cursor was. */
  private void closeQuietly(Cursor opened) {
    files.retireAll();
    if (opened != null) {
      opened.close();
    }
    directoryLock.release();
  }
}
