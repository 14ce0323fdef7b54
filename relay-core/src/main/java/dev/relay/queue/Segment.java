package dev.relay.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One numbered segment file of a queue and its channel. A FileChannel closes itself when a thread using it is
 * interrupted (an exporter being stopped): then it is opened again, so one interrupt costs no data and does not break
 * the queue.
 */
final class Segment {
  final long index;
  final Path path;
  private volatile FileChannel channel;
  /** Set when the segment is deleted or the queue closed: its channel stays closed. */
  private volatile boolean retired;
  /** Bytes of valid records; appended to under the queue's write lock. */
  long size;

  Segment(long index, Path path, FileChannel channel, long size) {
    this.index = index;
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  /** The segment's channel, opened again if an interrupt closed it. */
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

  /**
   * Writes one record at {@code offset}, with the interrupt flag off (an interrupt during the write would close the
   * channel). A record that could not be written is cut off again, so the next one starts where it did.
   */
  void append(ByteBuffer[] parts, long recordBytes, long offset) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      write(parts, recordBytes, offset);
    } catch (IOException e) {
      try {
        channel().truncate(offset);
        channel().position(offset);
      } catch (IOException ignored) {
        // the next open truncates the torn record
      }
      throw e;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Writes one record at {@code offset}; once more on a channel reopened after an interrupt closed it. */
  private void write(ByteBuffer[] parts, long recordBytes, long offset) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        FileChannel ch = channel();
        ch.position(offset);
        long left = recordBytes;
        while (left > 0) {
          left -= ch.write(parts);
        }
        return;
      } catch (ClosedChannelException e) {
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

  /**
   * Reads the record at {@code offset} into {@code header} and {@code bytes}, with the interrupt flag off (an
   * interrupt during the read would close the channel).
   */
  void read(ByteBuffer header, byte[] bytes, long offset) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      readAt(header, offset);
      readAt(ByteBuffer.wrap(bytes), offset + RecordFormat.HEADER);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Fills {@code into} from {@code position}; once more on a channel reopened after an interrupt closed it. */
  private void readAt(ByteBuffer into, long position) throws IOException {
    int start = into.position();
    try {
      RecordFormat.readFully(channel(), into, position);
    } catch (ClosedChannelException e) {
      Thread.interrupted();
      into.position(start);
      RecordFormat.readFully(channel(), into, position); // reopened after an interrupt closed it
    }
  }
}
