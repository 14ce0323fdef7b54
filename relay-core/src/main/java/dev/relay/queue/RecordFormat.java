package dev.relay.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.zip.CRC32C;

/**
 * A record in a segment: {@code [int length][int crc32c][long meta][bytes]}, where length counts meta and bytes and
 * the checksum covers both. The first 16 bytes are the header.
 */
final class RecordFormat {
  static final int HEADER = 16; // length, crc, meta
  /** What the length field counts besides the bytes: the meta. */
  private static final int META = 8;

  private RecordFormat() {}

  /** The length field of a record holding {@code bytes}. */
  static int length(byte[] bytes) {
    return META + bytes.length;
  }

  /** The bytes a record takes in its segment, from its length field: the length and crc fields, then the rest. */
  static long size(int length) {
    return 8L + length;
  }

  /** Whether a length field read back can be a record's: it must count at least the meta. */
  static boolean plausible(int length) {
    return length >= META;
  }

  /** A buffer for the bytes of a record whose length field is {@code length}. */
  static byte[] bytesOf(int length) {
    return new byte[length - META];
  }

  /** The header of a record holding {@code bytes}, checksum included. */
  static ByteBuffer header(int length, long meta, byte[] bytes) {
    ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(0, length).putLong(8, meta);
    header.putInt(4, recordCrc(header.array(), bytes));
    return header;
  }

  static int length(ByteBuffer header) {
    return header.getInt(0);
  }

  static long meta(ByteBuffer header) {
    return header.getLong(8);
  }

  /** Whether the checksum in {@code header} matches its meta and {@code bytes}. */
  static boolean intact(ByteBuffer header, byte[] bytes) {
    return header.getInt(4) == recordCrc(header.array(), bytes);
  }

  /** A record's checksum: over its meta (bytes 8 to 16 of its header) and then its bytes. */
  private static int recordCrc(byte[] header, byte[] bytes) {
    CRC32C c = new CRC32C();
    c.update(header, 8, 8);
    c.update(bytes, 0, bytes.length);
    return (int) c.getValue();
  }

  static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  /** Fills {@code into} from {@code position}; a segment that ends first is an error. */
  static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
    long pos = position;
    while (into.hasRemaining()) {
      int n = ch.read(into, pos);
      if (n < 0) {
        throw new NoSuchFileException("unexpected end of segment");
      }
      pos += n;
    }
  }
}
