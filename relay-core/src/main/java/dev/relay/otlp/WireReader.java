package dev.relay.otlp;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Reads protobuf's wire format in place: tags, varints and length prefixes, every read bounds-checked. Used to
 * validate requests and to walk them for the few fields a consumer needs, without decoding the rest.
 */
public final class WireReader {
  private final byte[] b;
  private int pos;

  public WireReader(byte[] b) {
    this.b = b;
  }

  public WireReader(byte[] b, int pos) {
    this.b = b;
    this.pos = pos;
  }

  public byte[] bytes() {
    return b;
  }

  public int pos() {
    return pos;
  }

  public void seek(int pos) {
    this.pos = pos;
  }

  /** The next tag; field number 0 and over-long tags are faults. */
  public int tag(int end) throws InvalidProtocolBufferException {
    // Like protobuf-java's readTag: up to ten bytes, of which the low 32 bits count.
    int tag = (int) varint(end, 10, "malformed tag");
    if ((tag >>> 3) == 0) {
      throw new InvalidProtocolBufferException("invalid tag (field number 0)");
    }
    return tag;
  }

  public long varint(int end, int maxBytes, String fault) throws InvalidProtocolBufferException {
    // Most tags and lengths fit in one byte.
    if (pos < end && b[pos] >= 0) {
      return b[pos++];
    }
    long v = 0;
    for (int i = 0; i < maxBytes; i++) {
      if (pos >= end) {
        throw new InvalidProtocolBufferException("truncated: " + fault);
      }
      byte x = b[pos++];
      v |= (long) (x & 0x7f) << (7 * i);
      if (x >= 0) {
        return v;
      }
    }
    throw new InvalidProtocolBufferException(fault);
  }

  /** A length prefix; the bytes it announces must be there. */
  public int length(int end) throws InvalidProtocolBufferException {
    long len = varint(end, 10, "malformed length");
    if (len < 0 || len > end - pos) {
      throw new InvalidProtocolBufferException("length past the end of the message");
    }
    return (int) len;
  }

  /** A little-endian fixed64 (protobuf's fixed64, sfixed64 and double). */
  public long fixed64(int end) throws InvalidProtocolBufferException {
    return fixed(8, end);
  }

  /** A little-endian fixed32 (protobuf's fixed32, sfixed32 and float). */
  public int fixed32(int end) throws InvalidProtocolBufferException {
    return (int) fixed(4, end);
  }

  private long fixed(int bytes, int end) throws InvalidProtocolBufferException {
    if (end - pos < bytes) {
      throw new InvalidProtocolBufferException("truncated fixed-width field");
    }
    long v = 0;
    for (int i = bytes - 1; i >= 0; i--) {
      v = (v << 8) | (b[pos + i] & 0xffL);
    }
    pos += bytes;
    return v;
  }

  public void skip(int n, int end) throws InvalidProtocolBufferException {
    if (end - pos < n) {
      throw new InvalidProtocolBufferException("truncated fixed-width field");
    }
    pos += n;
  }

  /** Skips a field that is not a known message or string; a group is walked to its end tag. */
  public void skipField(int tag, int end, int depth) throws InvalidProtocolBufferException {
    switch (tag & 7) {
      case 0 -> varint(end, 10, "malformed varint");
      case 1 -> skip(8, end);
      case 5 -> skip(4, end);
      case 2 -> skip(length(end), end);
      case 3 -> {
        if (depth + 1 >= WireValidator.MAX_DEPTH) {
          throw new InvalidProtocolBufferException("group nested too deeply");
        }
        while (true) {
          int inner = tag(end);
          if ((inner & 7) == 4) {
            if ((inner >>> 3) != (tag >>> 3)) {
              throw new InvalidProtocolBufferException("mismatched end-group tag");
            }
            return;
          }
          skipField(inner, end, depth + 1);
        }
      }
      default -> throw new InvalidProtocolBufferException("invalid wire type " + (tag & 7));
    }
  }
  }
