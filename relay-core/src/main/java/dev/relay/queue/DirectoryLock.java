package dev.relay.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The {@code lock} file of a queue directory, locked while a process uses the queue. */
final class DirectoryLock {
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** @throws IOException when the lock file cannot be used, or another process holds it */
  static DirectoryLock acquire(Path dir) throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null; // held by this process already
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (l == null) {
      channel.close();
      throw new IOException("queue directory " + dir + " is in use by another process");
    }
    return new DirectoryLock(channel, l);
  }

  /** Releases the lock; quietly, as part of closing. */
  void release() {
    try {
      lock.release();
    } catch (IOException | RuntimeException ignored) {
      // closing
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
