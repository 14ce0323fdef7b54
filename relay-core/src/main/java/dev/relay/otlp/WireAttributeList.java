package dev.relay.otlp;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The attributes of a {@link WireSpan}: entries that stay in the request's bytes until something reads more than
 * their key, and entries set by editors. An entry read from the wire is decoded once; as long as the list holds
 * that same object, it is written back by copying its original bytes. Read-only to callers; the span changes it.
 */
final class WireAttributeList extends AbstractList<KeyValue> implements KeyedAttributes, RandomAccess {
  private static final int ATTRIBUTES = 9;

  private final byte[] wire;
  /**
   * The entries as received, six ints each: where its bytes start (tag included), how many, where its message body
   * starts, how long it is, where its key starts, how long that is.
   */
  private final int[] at;
  private final int count;
  /** Received entries decoded so far (null until the first one is). */
  private KeyValue[] decoded;
  // The list now. Until the first change, slot i is received entry i (origin and items null).
  private int size;
  /** Per slot: the received entry it is (maybe decoded), or -1 for a new one. */
  private int[] origin;
  private KeyValue[] items;
  private int lastOrigin = -1;

  private WireAttributeList(byte[] wire, int[] at, int count) {
    this.wire = wire;
    this.at = at;
    this.count = count;
    this.size = count;
  }

  private int rawOff(int e) {
    return at[6 * e];
  }

  private int rawLen(int e) {
    return at[6 * e + 1];
  }

  private int origin(int index) {
    return origin == null ? index : origin[index];
  }

  private KeyValue item(int index) {
    return items == null ? null : items[index];
  }

  /** Turns the identity mapping into explicit slots, before the first change. */
  private void slots() {
    if (origin == null) {
      int cap = Math.max(count + 2, 4);
      origin = new int[cap];
      items = new KeyValue[cap];
      for (int i = 0; i < count; i++) {
        origin[i] = i;
        items[i] = decoded == null ? null : decoded[i];
      }
    }
  }

  /** The attribute entries (field 9, length-delimited) of the message in {@code [off, off+len)}. */
  static WireAttributeList read(byte[] wire, int off, int len) {
    int[] offsets = new int[6 * 8];
    int count = 0;
    WireReader r = new WireReader(wire, off);
    int end = off + len;
    try {
      while (r.pos() < end) {
        int start = r.pos();
        int tag = r.tag(end);
        if (tag != (ATTRIBUTES << 3 | 2)) {
          r.skipField(tag, end, 0);
          continue;
        }
        int bl = r.length(end);
        int body = r.pos();
        int bodyEnd = body + bl;
        // The key: the last occurrence of field 1, as protobuf keeps it.
        int ko = body;
        int kl = 0;
        while (r.pos() < bodyEnd) {
          int t = r.tag(bodyEnd);
          if (t == (1 << 3 | 2)) {
            kl = r.length(bodyEnd);
            ko = r.pos();
            r.seek(ko + kl);
          } else {
            r.skipField(t, bodyEnd, 0);
          }
        }
        if (6 * count + 6 > offsets.length) {
          offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[6 * count] = start;
        offsets[6 * count + 1] = bodyEnd - start;
        offsets[6 * count + 2] = body;
        offsets[6 * count + 3] = bl;
        offsets[6 * count + 4] = ko;
        offsets[6 * count + 5] = kl;
        count++;
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("validated request failed to walk", e);
    }
    return new WireAttributeList(wire, offsets, count);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public KeyValue get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    KeyValue kv = item(index);
    if (kv == null) {
      kv = decode(origin(index));
      if (items != null) {
        items[index] = kv;
      }
    }
    return kv;
  }

  private KeyValue decode(int entry) {
    if (decoded == null) {
      decoded = new KeyValue[count];
    }
    KeyValue kv = decoded[entry];
    if (kv == null) {
      try {
        kv = decodeSimple(at[6 * entry + 2], at[6 * entry + 3]);
        if (kv == null) {
          kv = KeyValue.parser().parseFrom(wire, at[6 * entry + 2], at[6 * entry + 3]);
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("validated request failed to decode", e);
      }
      decoded[entry] = kv;
    }
    return kv;
  }

  /**
   * Decodes the common shape, a key and a string, bool, int or double value, each once and nothing else, without
   * protobuf's parser (which goes through builders and an unknown-field set); null for any other shape.
   */
  private KeyValue decodeSimple(int off, int len) throws InvalidProtocolBufferException {
    WireReader r = new WireReader(wire, off);
    int end = off + len;
    String key = null;
    int valueOff = -1;
    int valueLen = 0;
    while (r.pos() < end) {
      int tag = r.tag(end);
      if (tag == (1 << 3 | 2) && key == null) {
        int kl = r.length(end);
        key = new String(wire, r.pos(), kl, StandardCharsets.UTF_8); // UTF-8 checked on receipt
        r.seek(r.pos() + kl);
      } else if (tag == (2 << 3 | 2) && valueOff < 0) {
        valueLen = r.length(end);
        valueOff = r.pos();
        r.seek(valueOff + valueLen);
      } else {
        return null; // a repeated or unknown field: let protobuf merge or keep it
      }
    }
    AnyValue value;
    if (valueOff < 0) {
      value = null;
    } else {
      value = decodeSimpleValue(valueOff, valueLen);
      if (value == null) {
        return null;
      }
    }
    KeyValue.Builder b = KeyValue.newBuilder().setKey(key == null ? "" : key);
    if (value != null) {
      b.setValue(value);
    }
    return b.build();
  }

  private AnyValue decodeSimpleValue(int off, int len) throws InvalidProtocolBufferException {
    if (len == 0) {
      return AnyValue.getDefaultInstance();
    }
    WireReader r = new WireReader(wire, off);
    int end = off + len;
    int tag = r.tag(end);
    AnyValue value;
    switch (tag) {
      case 1 << 3 | 2 -> {
        int sl = r.length(end);
        value = AnyValue.newBuilder().setStringValue(new String(wire, r.pos(), sl, StandardCharsets.UTF_8)).build();
        r.seek(r.pos() + sl);
      }
      case 2 << 3 -> value = AnyValue.newBuilder().setBoolValue(r.varint(end, 10, "malformed varint") != 0).build();
      case 3 << 3 -> value = AnyValue.newBuilder().setIntValue(r.varint(end, 10, "malformed varint")).build();
      case 4 << 3 | 1 -> value = AnyValue.newBuilder().setDoubleValue(Double.longBitsToDouble(r.fixed64(end))).build();
      default -> {
        return null;
      }
    }
    return r.pos() == end ? value : null; // more than one field: protobuf decides which one wins
  }

  @Override
  public String keyAt(int index) {
    KeyValue kv = item(index);
    int e = origin(index);
    if (kv != null || e < 0) {
      return get(index).getKey();
    }
    if (decoded != null && decoded[e] != null) {
      return decoded[e].getKey();
    }
    return new String(wire, at[6 * e + 4], at[6 * e + 5], StandardCharsets.UTF_8);
  }

  @Override
  public int indexOfKey(String key) {
    byte[] encoded = isAscii(key) ? null : key.getBytes(StandardCharsets.UTF_8);
    int keyBytes = encoded == null ? key.length() : encoded.length;
    if (encoded != null && !new String(encoded, StandardCharsets.UTF_8).equals(key)) {
      keyBytes = -1; // a lone surrogate: no key received as UTF-8 can equal it
    }
    for (int i = 0; i < size; i++) {
      KeyValue kv = item(i);
      int e = origin(i);
      if (kv != null || e < 0) {
        if (get(i).getKey().equals(key)) {
          return i;
        }
        continue;
      }
      int off = at[6 * e + 4];
      if (at[6 * e + 5] != keyBytes) {
        continue; // most keys differ in length
      }
      if (encoded == null ? asciiEquals(off, key) : Arrays.equals(wire, off, off + keyBytes, encoded, 0, keyBytes)) {
        return i;
      }
    }
    return -1;
  }

  private boolean asciiEquals(int off, String ascii) {
    for (int i = 0, n = ascii.length(); i < n; i++) {
      if (wire[off + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAscii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int valueSizeBound(int index) {
    // An entry as received cannot hold a value longer than its own bytes.
    int e = origin(index);
    return e >= 0 ? rawLen(e) : Integer.MAX_VALUE;
  }

  // ---- changes, by the span ------------------------------------------------------------------------------

  void setSlot(int index, KeyValue kv) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    slots();
    items[index] = kv;
    origin[index] = originOf(kv);
  }

  void addSlot(KeyValue kv) {
    slots();
    if (size == origin.length) {
      origin = Arrays.copyOf(origin, size * 2);
      items = Arrays.copyOf(items, size * 2);
    }
    items[size] = kv;
    origin[size] = originOf(kv);
    size++;
  }

  void removeSlot(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    slots();
    System.arraycopy(origin, index + 1, origin, index, size - index - 1);
    System.arraycopy(items, index + 1, items, index, size - index - 1);
    size--;
    items[size] = null;
  }

  void replaceAll(List<KeyValue> kvs) {
    int n = kvs.size();
    KeyValue[] copy = new KeyValue[n];
    for (int i = 0; i < n; i++) {
      copy[i] = kvs.get(i);
    }
    slots();
    if (n > origin.length) {
      origin = new int[n];
      items = new KeyValue[n];
    } else {
      Arrays.fill(items, null);
    }
    size = 0;
    for (KeyValue kv : copy) {
      addSlot(kv);
    }
  }

  /** Which received entry this very object was decoded from, or -1 (editors keep the entries they leave). */
  private int originOf(KeyValue kv) {
    if (decoded == null) {
      return -1;
    }
    // Edits mostly keep entries in their order: look from just after the last one found, so that rewriting a
    // long list costs one pass, not one per entry.
    int n = decoded.length;
    for (int k = 0; k < n; k++) {
      int e = (lastOrigin + 1 + k) % n;
      if (decoded[e] == kv) {
        lastOrigin = e;
        return e;
      }
    }
    return -1;
  }

  // ---- encoding ----------------------------------------------------------------------------------------------

  /** The bytes of all received entries, as they were. */
  int originalBytes() {
    int n = 0;
    for (int e = 0; e < count; e++) {
      n += rawLen(e);
    }
    return n;
  }

  int serializedSize() {
    int n = 0;
    for (int i = 0; i < size; i++) {
      int e = origin(i);
      n += e >= 0 ? rawLen(e) : CodedOutputStream.computeMessageSize(ATTRIBUTES, items[i]);
    }
    return n;
  }

  /**
   * Writes the message in {@code [from, to)} that the received entries came from: its other fields as they are,
   * with this list written in place of the first received entry (or at the end, when there was none).
   */
  void writeInPlaceOf(CodedOutputStream out, int from, int to) throws IOException {
    if (count == 0) {
      out.writeRawBytes(wire, from, to - from);
      writeTo(out);
      return;
    }
    out.writeRawBytes(wire, from, rawOff(0) - from);
    writeTo(out);
    for (int e = 0; e < count; e++) {
      int gapStart = rawOff(e) + rawLen(e);
      int gapEnd = e + 1 < count ? rawOff(e + 1) : to;
      out.writeRawBytes(wire, gapStart, gapEnd - gapStart);
    }
  }

  void writeTo(CodedOutputStream out) throws IOException {
    for (int i = 0; i < size; i++) {
      int e = origin(i);
      if (e >= 0) {
        out.writeRawBytes(wire, rawOff(e), rawLen(e));
      } else {
        out.writeMessage(ATTRIBUTES, items[i]);
      }
    }
  }
}
