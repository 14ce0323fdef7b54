package dev.relay.queue;

import dev.relay.telemetry.ThrottlingLogger;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 */
public final class PersistentQueue<T> implements ExportQueue<T> {
  private static final Logger LOG = LoggerFactory.getLogger(PersistentQueue.class);
  private static final int HEADER = 16; // length, crc, meta
  private static final String SUFFIX = ".log";
  private static final String CURSOR = "cursor";

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

  private record Ref(long seq, Segment segment, long offset, int length, long weight) {
    long end() {
      return offset + 8 + length;
    }
  }

  private static final class Segment {
    final long index;
    final Path path;
    private volatile FileChannel channel;
    /** Set when the segment is deleted or the queue closed: its channel stays closed. */
    private volatile boolean retired;
    long size;

    Segment(long index, Path path, FileChannel channel, long size) {
      this.index = index;
      this.path = path;
      this.channel = channel;
      this.size = size;
    }

    /**
     * The segment's channel. A FileChannel closes itself when a thread using it is interrupted (an exporter being
     * stopped): then it is opened again, so one interrupt costs no data and does not break the queue.
     */
    synchronized FileChannel channel() throws IOException {
      if (!channel.isOpen() && !retired) {
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.position(size);
      }
      return channel;
    }

    synchronized void retire() throws IOException {
      retired = true;
      channel.close();
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
  private final ThrottlingLogger throttled = new ThrottlingLogger(LOG);

  private final FileChannel lockChannel;
  private final FileLock fileLock;
  private FileChannel cursorChannel; // guarded by lock once open; reopened if an interrupt closed it

  /** Held while appending; taken before {@link #lock} when both are needed. */
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Object syncLock = new Object();

  // Guarded by lock.
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private final ArrayDeque<Ref> ready = new ArrayDeque<>();
  private final ArrayDeque<Ref> taken = new ArrayDeque<>();
  private final Set<Long> doneSeqs = new HashSet<>();
  private long committedSegment;
  private long committedOffset;
  private volatile boolean closed;

  // Guarded by writeLock.
  private volatile Segment writeSegment;
  private long nextSeq;

  private final AtomicLong used = new AtomicLong();
  /** Records written and not yet done: waiting or taken. */
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong diskBytes = new AtomicLong();
  private final AtomicLong corruptRecords = new AtomicLong();
  /** The sequence number of the last record written, and of the last one forced to the device. */
  private volatile long writtenSeq;
  private long syncedSeq; // guarded by syncLock
  private final Thread syncer;

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
    lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null; // held by this process already
    } catch (IOException e) {
      lockChannel.close();
      throw e;
    }
    if (l == null) {
      lockChannel.close();
      throw new IOException("queue directory " + dir + " is in use by another process");
    }
    fileLock = l;
    try {
      cursorChannel = FileChannel.open(dir.resolve(CURSOR), StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      recover();
      // Recovered records are on the device already.
      writtenSeq = nextSeq - 1;
      syncedSeq = nextSeq - 1;
    } catch (IOException | RuntimeException e) {
      closeQuietly();
      throw e;
    }
    if (settings.fsync() == Fsync.INTERVAL) {
      syncer = new Thread(this::syncPeriodically, "relay-queue-fsync-" + dir.getFileName());
      syncer.setDaemon(true);
      syncer.start();
    } else {
      syncer = null;
    }
  }

  private void recover() throws IOException {
    Path dir = settings.directory();
    ByteBuffer cur = ByteBuffer.allocate(20);
    long cs = 0;
    long co = 0;
    if (cursorChannel.read(cur, 0) == 20) {
      cur.flip();
      long s = cur.getLong();
      long o = cur.getLong();
      int crc = cur.getInt();
      if (crc(cur.array(), 0, 16) == crc && s >= 0 && o >= 0) {
        cs = s;
        co = o;
      } else {
        LOG.warn("queue {}: the cursor file is corrupt; re-reading every segment (some entries may be sent twice)",
            dir);
      }
    }
    List<Long> indices = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.endsWith(SUFFIX) && name.length() == 20 + SUFFIX.length()
            && name.chars().limit(20).allMatch(Character::isDigit)) {
          indices.add(Long.parseLong(name.substring(0, 20)));
        }
      }
    }
    indices.sort(null);
    long lastIndex = indices.isEmpty() ? cs : indices.get(indices.size() - 1);
    for (long index : indices) {
      Path path = segmentPath(index);
      if (index < cs) {
        Files.deleteIfExists(path); // delivered before the last stop; its deletion was cut short
        continue;
      }
      FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      long size = ch.size();
      long pos = index == cs ? Math.min(co, size) : 0;
      Segment seg = new Segment(index, path, ch, size);
      pos = scan(seg, pos);
      if (pos < size) {
        if (index == lastIndex) {
          LOG.warn("queue {}: {} has a torn or corrupt tail; truncating it at byte {} ({} bytes dropped)",
              dir, path.getFileName(), pos, size - pos);
          ch.truncate(pos);
          seg.size = pos;
        } else {
          LOG.warn("queue {}: {} is corrupt from byte {}; skipping its last {} bytes (entries there are lost)",
              dir, path.getFileName(), pos, size - pos);
        }
        corruptRecords.incrementAndGet();
      }
      if (seg.size == 0) {
        ch.close();
        Files.deleteIfExists(path); // holds nothing: left by a run that stopped before writing to it
        continue;
      }
      segments.put(index, seg);
      diskBytes.addAndGet(seg.size);
    }
    long recovered = ready.size();
    committedSegment = cs;
    committedOffset = co;
    long next = Math.max(lastIndex, cs) + 1;
    writeSegment = openSegment(next);
    if (recovered > 0) {
      LOG.info("queue {}: {} entries from an earlier run will be sent again", dir, recovered);
    }
  }

  /** Indexes the valid records of {@code seg} from {@code pos}; returns where the valid part ends. */
  private long scan(Segment seg, long pos) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    long size = seg.size;
    while (pos + HEADER <= size) {
      header.clear();
      readFully(seg.channel(), header, pos);
      header.flip();
      int length = header.getInt();
      int crc = header.getInt();
      if (length < 8 || pos + 8 + (long) length > size) {
        return pos;
      }
      byte[] bytes = new byte[length - 8];
      readFully(seg.channel(), ByteBuffer.wrap(bytes), pos + HEADER);
      if (recordCrc(header.array(), bytes) != crc) {
        return pos;
      }
      long meta = header.getLong(8);
      long weight;
      try {
        weight = weigher.applyAsLong(codec.decode(bytes, meta));
      } catch (RuntimeException e) {
        return pos;
      }
      ready.add(new Ref(nextSeq++, seg, pos, length, weight));
      used.addAndGet(weight);
      pending.incrementAndGet();
      pos += 8 + length;
    }
    return pos;
  }

  private Path segmentPath(long index) {
    return settings.directory().resolve(String.format("%020d%s", index, SUFFIX));
  }

  private Segment openSegment(long index) throws IOException {
    Path path = segmentPath(index);
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    long size = ch.size();
    ch.position(size);
    Segment seg = new Segment(index, path, ch, size);
    lock.lock();
    try {
      segments.put(index, seg);
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
    int length = 8 + bytes.length;
    long recordBytes = 8L + length;
    long seq;
    writeLock.lock();
    try {
      if (closed) {
        return false;
      }
      long nowUsed = used.get();
      boolean empty = nowUsed == 0 && pending.get() == 0;
      if (!empty && (nowUsed + weight > capacity || diskBytes.get() + recordBytes > settings.maxBytes())) {
        return false;
      }
      Segment seg = writeSegment;
      if (seg.size > 0 && seg.size + recordBytes > settings.segmentBytes()) {
        seg = roll(seg);
      }
      ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(0, length).putLong(8, meta);
      header.putInt(4, recordCrc(header.array(), bytes));
      ByteBuffer[] parts = {header, ByteBuffer.wrap(bytes)};
      long offset = seg.size;
      boolean interrupted = Thread.interrupted(); // an interrupt during the write would close the channel
      try {
        append(seg, parts, recordBytes, offset);
      } catch (IOException e) {
        throttled.error("queue " + settings.directory() + ": cannot append to " + seg.path.getFileName() + ": " + e);
        try {
          seg.channel().truncate(offset);
          seg.channel().position(offset);
        } catch (IOException ignored) {
          // the next open truncates the torn record
        }
        return false;
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      seg.size = offset + recordBytes;
      diskBytes.addAndGet(recordBytes);
      seq = nextSeq++;
      lock.lock();
      try {
        ready.add(new Ref(seq, seg, offset, length, weight));
        used.addAndGet(weight);
        pending.incrementAndGet();
        notEmpty.signal();
      } finally {
        lock.unlock();
      }
      writtenSeq = seq;
    } finally {
      writeLock.unlock();
    }
    if (settings.fsync() == Fsync.ALWAYS) {
      try {
        syncUpTo(seq);
      } catch (IOException e) {
        // The record is queued and will be sent: refusing it now would only make the client send it twice.
        throttled.error("queue " + settings.directory() + ": fsync failed (the record is queued but may not "
            + "survive a power loss): " + e);
      }
    }
    return true;
  }

  /** Writes one record at {@code offset}; once more on a channel reopened after an interrupt closed it. */
  private static void append(Segment seg, ByteBuffer[] parts, long recordBytes, long offset) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        FileChannel ch = seg.channel();
        ch.position(offset);
        long left = recordBytes;
        while (left > 0) {
          left -= ch.write(parts);
        }
        return;
      } catch (java.nio.channels.ClosedChannelException e) {
        if (attempt > 0) {
          throw e;
        }
        Thread.interrupted();
        for (ByteBuffer b : parts) {
          b.rewind();
        }
      }
    }
  }

  /** Seals {@code seg} and starts the next segment. Called with writeLock held. */
  private Segment roll(Segment seg) {
    try {
      if (settings.fsync() != Fsync.NEVER) {
        seg.channel().force(false);
      }
      Segment next = openSegment(seg.index + 1);
      writeSegment = next;
      lock.lock();
      try {
        reclaim();
      } finally {
        lock.unlock();
      }
      return next;
    } catch (IOException e) {
      throttled.error("queue " + settings.directory() + ": cannot start a new segment: " + e);
      return seg;
    }
  }

  private void syncUpTo(long seq) throws IOException {
    synchronized (syncLock) {
      if (syncedSeq >= seq) {
        return;
      }
      long target = writtenSeq;
      // Sealed segments were forced when they were rolled; only the one being written can hold unsynced records.
      boolean interrupted = Thread.interrupted();
      try {
        writeSegment.channel().force(false);
      } catch (java.nio.channels.ClosedChannelException e) {
        writeSegment.channel().force(false); // reopened, or rolled meanwhile (a roll forces the sealed one)
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      syncedSeq = target;
    }
  }

  private void syncPeriodically() {
    long interval = settings.fsyncInterval().toNanos();
    while (true) {
      try {
        TimeUnit.NANOSECONDS.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      try {
        long target = writtenSeq;
        if (target > syncedSeqVolatile()) {
          syncUpTo(target);
        }
      } catch (IOException e) {
        if (closed) {
          return; // woken by close() in the middle of a force; close() forces once more itself
        }
        throttled.error("queue " + settings.directory() + ": fsync failed: " + e);
      }
    }
  }

  private long syncedSeqVolatile() {
    synchronized (syncLock) {
      return syncedSeq;
    }
  }

  @Override
  public QueueEntry<T> poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    long deadline = System.nanoTime() + nanos;
    while (true) {
      Ref ref;
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
      Ref ref;
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

  private Ref take() {
    Ref ref = ready.poll();
    used.addAndGet(-ref.weight());
    taken.add(ref);
    return ref;
  }

  /**
   * Reads a taken record back. A record that no longer reads as written is dropped with a warning and null is
   * returned; one that cannot be read for an I/O error goes back to the head of the queue.
   */
  private QueueEntry<T> read(Ref ref) throws Unreadable {
    byte[] bytes = new byte[ref.length() - 8];
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    boolean interrupted = Thread.interrupted(); // an interrupt during the read would close the channel
    try {
      readAt(ref.segment(), header, ref.offset());
      readAt(ref.segment(), ByteBuffer.wrap(bytes), ref.offset() + HEADER);
    } catch (IOException e) {
      untake(ref);
      throttled.warn("queue " + settings.directory() + ": cannot read " + ref.segment().path.getFileName()
          + " now (" + e + "); the record stays queued");
      throw new Unreadable(e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      if (header.getInt(0) != ref.length() || header.getInt(4) != recordCrc(header.array(), bytes)) {
        throw new IOException("checksum mismatch");
      }
      T item = codec.decode(bytes, header.getLong(8));
      return new QueueEntry<>(item, ref.seq());
    } catch (IOException | RuntimeException e) {
      corruptRecords.incrementAndGet();
      throttled.error("queue " + settings.directory() + ": dropping the record at byte " + ref.offset() + " of "
          + ref.segment().path.getFileName() + ", which no longer reads as written: " + e);
      markDone(ref.seq());
      return null;
    }
  }

  private static void readAt(Segment seg, ByteBuffer into, long position) throws IOException {
    int start = into.position();
    try {
      readFully(seg.channel(), into, position);
    } catch (java.nio.channels.ClosedChannelException e) {
      Thread.interrupted();
      into.position(start);
      readFully(seg.channel(), into, position); // reopened after an interrupt closed it
    }
  }

  /** Puts a taken record back at the head of the queue. */
  private void untake(Ref ref) {
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
      doneSeqs.add(seq);
      pending.decrementAndGet();
      Ref head = null;
      while (!taken.isEmpty() && doneSeqs.remove(taken.peekFirst().seq())) {
        head = taken.pollFirst();
      }
      if (head != null) {
        committedSegment = head.segment().index;
        committedOffset = head.end();
        writeCursor();
        reclaim();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Deletes sealed segments that hold nothing undelivered. Called with lock held. */
  private void reclaim() {
    Segment current = writeSegment;
    while (!segments.isEmpty()) {
      Map.Entry<Long, Segment> first = segments.firstEntry();
      Segment seg = first.getValue();
      boolean behind = seg.index < committedSegment
          || (seg.index == committedSegment && committedOffset >= seg.size && nothingWaitingIn(seg));
      if (seg == current || !behind || !nothingWaitingIn(seg)) {
        return;
      }
      segments.pollFirstEntry();
      diskBytes.addAndGet(-seg.size);
      try {
        seg.retire();
        Files.deleteIfExists(seg.path);
      } catch (IOException e) {
        throttled.warn("queue " + settings.directory() + ": cannot delete " + seg.path.getFileName() + ": " + e);
      }
    }
  }

  private boolean nothingWaitingIn(Segment seg) {
    Ref r = ready.peekFirst();
    Ref t = taken.peekFirst();
    return (r == null || r.segment() != seg) && (t == null || t.segment() != seg);
  }

  private void writeCursor() {
    ByteBuffer b = ByteBuffer.allocate(20);
    b.putLong(committedSegment).putLong(committedOffset);
    b.putInt(crc(b.array(), 0, 16));
    b.flip();
    boolean interrupted = Thread.interrupted(); // an interrupt during the write would close the channel
    try {
      if (!cursorChannel.isOpen()) {
        cursorChannel = FileChannel.open(settings.directory().resolve(CURSOR), StandardOpenOption.CREATE,
            StandardOpenOption.READ, StandardOpenOption.WRITE);
      }
      while (b.hasRemaining()) {
        cursorChannel.write(b, b.position());
      }
    } catch (IOException e) {
      // Only costs duplicates after a restart.
      throttled.warn("queue " + settings.directory() + ": cannot write the cursor: " + e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
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
    return diskBytes.get();
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
        writeCursor();
      } finally {
        lock.unlock();
      }
    } finally {
      writeLock.unlock();
    }
    if (syncer != null) {
      syncer.interrupt();
    }
    try {
      Thread.interrupted(); // close may run on an interrupted thread; the final force must not be cut short
      writeSegment.channel().force(false);
      cursorChannel.force(false);
    } catch (IOException e) {
      LOG.warn("queue {}: fsync at close failed: {}", settings.directory(), e.toString());
    }
    closeQuietly();
    return List.of();
  }

  private void closeQuietly() {
    for (Segment seg : segments.values()) {
      try {
        seg.retire();
      } catch (IOException ignored) {
        // closing
      }
    }
    try {
      if (cursorChannel != null) {
        cursorChannel.close();
      }
    } catch (IOException ignored) {
      // closing
    }
    try {
      fileLock.release();
    } catch (IOException | RuntimeException ignored) {
      // closing
    }
    try {
      lockChannel.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
    long pos = position;
    while (into.hasRemaining()) {
      int n = ch.read(into, pos);
      if (n < 0) {
        throw new NoSuchFileException("unexpected end of segment");
      }
      pos += n;
    }
  }

  /** A record's checksum: over its meta (bytes 8 to 16 of its header) and then its bytes. */
  private static int recordCrc(byte[] header, byte[] bytes) {
    CRC32C c = new CRC32C();
    c.update(header, 8, 8);
    c.update(bytes, 0, bytes.length);
    return (int) c.getValue();
  }

  private static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }
}
