package dev.relay.queue;

import dev.relay.queue.PersistentQueue.Fsync;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * When appended records are forced to the device, as {@link Fsync} says: before each append returns, with
 * concurrent appenders sharing one {@code fsync} (group commit); every interval, by a thread of its own; or never.
 * Records are counted by sequence number: the last one written and the last one forced.
 */
final class FsyncPolicy {
  private final Fsync mode;
  private final Duration interval;
  private final SegmentFiles files;
  private final QueueLog log;
  /** Whether the queue is closed: the interval thread then stops quietly. */
  private final BooleanSupplier closed;

  private final Object syncLock = new Object();
  /** The sequence number of the last record written, and of the last one forced to the device. */
  private volatile long writtenSeq;
  private long syncedSeq; // guarded by syncLock
  private Thread syncer;

  FsyncPolicy(Fsync mode, Duration interval, SegmentFiles files, QueueLog log, BooleanSupplier closed) {
    this.mode = mode;
    this.interval = interval;
    this.files = files;
    this.log = log;
    this.closed = closed;
  }

  /** Records up to {@code seq} were recovered on open: they are on the device already. */
  void recovered(long seq) {
    writtenSeq = seq;
    syncedSeq = seq;
  }

  /** Starts the interval thread, if the mode has one. */
  void start() {
    if (mode == Fsync.INTERVAL) {
      syncer = new Thread(this::syncPeriodically, "relay-queue-fsync-" + log.directory.getFileName());
      syncer.setDaemon(true);
      syncer.start();
    }
  }

  /** Record {@code seq} was appended. Called with the queue's write lock held. */
  void written(long seq) {
    writtenSeq = seq;
  }

  /**
   * Record {@code seq} is in the queue: with {@link Fsync#ALWAYS}, returns once it is on the device. Called without
   * the queue's locks, so that appenders meanwhile join the next {@code fsync}.
   */
  void committed(long seq) {
    if (mode == Fsync.ALWAYS) {
      try {
        syncUpTo(seq);
      } catch (IOException e) {
        // The record is queued and will be sent: refusing it now would only make the client send it twice.
        log.error("fsync failed (the record is queued but may not survive a power loss): " + e);
      }
    }
  }

  /** Forces a segment being sealed, unless the mode leaves it to the operating system. */
  void seal(Segment seg) throws IOException {
    if (mode != Fsync.NEVER) {
      seg.channel().force(false);
    }
  }

  /** Stops the interval thread; the queue forces once more itself as it closes. */
  void stop() {
    if (syncer != null) {
      syncer.interrupt();
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
        files.writing().channel().force(false);
      } catch (ClosedChannelException e) {
        files.writing().channel().force(false); // reopened, or rolled meanwhile (a roll forces the sealed one)
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      syncedSeq = target;
    }
  }

  private void syncPeriodically() {
    long nanos = interval.toNanos();
    while (true) {
      try {
        TimeUnit.NANOSECONDS.sleep(nanos);
      } catch (InterruptedException e) {
        return;
      }
      try {
        long target = writtenSeq;
        if (target > synced()) {
          syncUpTo(target);
        }
      } catch (IOException e) {
        if (closed.getAsBoolean()) {
          return; // woken by close() in the middle of a force; close() forces once more itself
        }
        log.error("fsync failed: " + e);
      }
    }
  }

  private long synced() {
    synchronized (syncLock) {
      return syncedSeq;
    }
  }
}
