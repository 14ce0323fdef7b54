package dev.relay.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueOrBuilder;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.SpanOrBuilder;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.StatusOrBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A span that stays in the bytes it was received in while OTTL reads and edits it. Its scalar fields are read
 * straight from the wire; its attributes are decoded on first use and may be changed without decoding the rest.
 * Any other change decodes the span into a builder once ({@link #builder()}), after which everything goes through
 * that builder. Encoding copies the untouched bytes: a span nobody changed is copied as it came, and one whose
 * attributes changed is copied with only its attribute entries written anew.
 *
 * <p>Confined to the thread that walks its batch.
 */
public final class WireSpan implements SpanOrBuilder {
  // Field numbers and wire types of opentelemetry-proto's Span.
  private static final int MAX_FIELD = 16;
  private static final int[] WIRE_TYPE = new int[MAX_FIELD + 1];

  static {
    java.util.Arrays.fill(WIRE_TYPE, -1);
    for (int f : new int[] {1, 2, 3, 4, 5, 9, 11, 13, 15}) {
      WIRE_TYPE[f] = 2; // bytes, strings, messages
    }
    for (int f : new int[] {6, 10, 12, 14}) {
      WIRE_TYPE[f] = 0; // varints
    }
    WIRE_TYPE[7] = 1; // fixed64
    WIRE_TYPE[8] = 1;
    WIRE_TYPE[16] = 5; // fixed32
  }

  private final byte[] wire;
  private final int off;
  private final int len;
  /** Where the value of each known field's last occurrence starts (after its tag), or -1; built on first read. */
  private int[] at;
  /** The span has a field with an unexpected wire type, or status more than once: read it through a decode. */
  private boolean irregular;
  private boolean statusRepeated;
  private String name;
  private WireAttributeList attributes;
  private boolean attributesChanged;
  private Span decoded;
  private Span.Builder builder;
  private Span built;

  public WireSpan(byte[] wire, int off, int len) {
    this.wire = wire;
    this.off = off;
    this.len = len;
  }

  /** True once anything in the span has changed. */
  public boolean changed() {
    return attributesChanged || builder != null;
  }

  /** Whether the span has events, without decoding it to count them. */
  public boolean hasEvents() {
    if (fromWire()) {
      return index()[11] >= 0;
    }
    return whole().getEventsCount() > 0;
  }

  // ---- editing ---------------------------------------------------------------------------------------------

  /**
   * The span as a builder, for changes beyond its attributes. Decodes the span the first time; from then on every
   * read and write goes through the builder.
   */
  public Span.Builder builder() {
    if (builder == null) {
      Span.Builder b = Span.newBuilder();
      try {
        b.mergeFrom(wire, off, len);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("validated request failed to decode", e);
      }
      if (attributesChanged) {
        b.clearAttributes().addAllAttributes(attributes);
      }
      builder = b;
      attributes = null;
      decoded = null;
    }
    built = null;
    return builder;
  }

  /** {@code attributes[index] = kv}, on a span read through this view or a builder. */
  public static void setAttribute(SpanOrBuilder span, int index, KeyValue kv) {
    if (span instanceof WireSpan w && w.builder == null) {
      w.attributes().setSlot(index, kv);
      w.attributesChanged = true;
    } else {
      builderOf(span).setAttributes(index, kv);
    }
  }

  /** Appends {@code kv} to the attributes of a span read through this view or a builder. */
  public static void addAttribute(SpanOrBuilder span, KeyValue kv) {
    if (span instanceof WireSpan w && w.builder == null) {
      w.attributes().addSlot(kv);
      w.attributesChanged = true;
    } else {
      builderOf(span).addAttributes(kv);
    }
  }

  /**
   * Removes {@code attributes[index]} of a span read through this view or a builder; a span still in its bytes
   * decodes none of the entries that stay.
   */
  public static void removeAttribute(SpanOrBuilder span, int index) {
    if (span instanceof WireSpan w && w.builder == null) {
      w.attributes().removeSlot(index);
      w.attributesChanged = true;
    } else {
      builderOf(span).removeAttributes(index);
    }
  }

  /** Replaces the attributes of a span read through this view or a builder. */
  public static void replaceAttributes(SpanOrBuilder span, List<KeyValue> kvs) {
    if (span instanceof WireSpan w && w.builder == null) {
      w.attributes().replaceAll(kvs);
      w.attributesChanged = true;
    } else {
      builderOf(span).clearAttributes().addAllAttributes(kvs);
    }
  }

  /** The builder behind a span context's span: the span itself, or this view's (decoding it once). */
  public static Span.Builder builderOf(SpanOrBuilder span) {
    return span instanceof WireSpan w ? w.builder() : (Span.Builder) span;
  }

  // ---- encoding --------------------------------------------------------------------------------------------

  /** The encoded size of the span as it is now. */
  public int serializedSize() {
    if (builder != null) {
      return finished().getSerializedSize();
    }
    if (!attributesChanged) {
      return len;
    }
    return len - attributes.originalBytes() + attributes.serializedSize();
  }

  /** Writes the span as it is now (without its own tag and length). */
  public void writeTo(CodedOutputStream out) throws IOException {
    if (builder != null) {
      finished().writeTo(out);
      return;
    }
    if (!attributesChanged) {
      out.writeRawBytes(wire, off, len);
      return;
    }
    // Copy every other field as it came, from the gaps between the received attribute entries; the attributes as
    // they are now go where the first received one was (at the end when there was none).
    attributes.writeInPlaceOf(out, off, off + len);
  }

  private Span finished() {
    if (built == null) {
      built = builder.build();
    }
    return built;
  }

  // ---- reading from the wire -------------------------------------------------------------------------------

  private int[] index() {
    if (at == null) {
      int[] a = new int[MAX_FIELD + 1];
      java.util.Arrays.fill(a, -1);
      WireReader r = new WireReader(wire, off);
      int end = off + len;
      try {
        while (r.pos() < end) {
          int tag = r.tag(end);
          int field = tag >>> 3;
          if (field <= MAX_FIELD) {
            if (WIRE_TYPE[field] != (tag & 7)) {
              irregular = true; // protobuf-java would keep it as an unknown field
            } else if (field == 15 && a[field] >= 0) {
              statusRepeated = true; // message fields merge: let protobuf do it
            }
            a[field] = r.pos();
          }
          r.skipField(tag, end, 0);
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("validated request failed to walk", e);
      }
      at = a;
    }
    return at;
  }

  /** The decoded span, for what is not read from the wire (events, links, descriptors). */
  private SpanOrBuilder whole() {
    if (builder != null) {
      return builder;
    }
    if (attributesChanged) {
      return builder();
    }
    if (decoded == null) {
      try {
        decoded = Span.parseFrom(CodedInputStream.newInstance(wire, off, len));
      } catch (IOException e) {
        throw new IllegalStateException("validated request failed to decode", e);
      }
    }
    return decoded;
  }

  /** Reads from the wire only while the span is unchanged (apart from attributes) and regular. */
  private boolean fromWire() {
    if (builder != null) {
      return false;
    }
    index();
    return !irregular;
  }

  /** A reader at the value of a known field's last occurrence, or null when the span does not have it. */
  private WireReader at(int field) {
    int p = index()[field];
    return p < 0 ? null : new WireReader(wire, p);
  }

  private long varint(int field) {
    WireReader r = at(field);
    try {
      return r == null ? 0 : r.varint(off + len, 10, "malformed varint");
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("validated request failed to decode", e);
    }
  }

  private long fixed64(int field) {
    WireReader r = at(field);
    try {
      return r == null ? 0 : r.fixed64(off + len);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("validated request failed to decode", e);
    }
  }

  private int fixed32(int field) {
    WireReader r = at(field);
    try {
      return r == null ? 0 : r.fixed32(off + len);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("validated request failed to decode", e);
    }
  }

  /** Decodes the value of a length-delimited field from where it lies. */
  @FunctionalInterface
  private interface Range<R> {
    R of(byte[] bytes, int offset, int length) throws IOException;
  }

  /** A length-delimited field's value through {@code f}, or {@code absent} when the span does not have it. */
  private <R> R value(int field, R absent, Range<R> f) {
    WireReader r = at(field);
    if (r == null) {
      return absent;
    }
    try {
      int length = r.length(off + len);
      return f.of(wire, r.pos(), length);
    } catch (IOException e) {
      throw new IllegalStateException("validated request failed to decode", e);
    }
  }

  private ByteString bytes(int field) {
    return value(field, ByteString.EMPTY, ByteString::copyFrom);
  }

  private String string(int field) {
    return value(field, "", (b, o, l) -> new String(b, o, l, StandardCharsets.UTF_8));
  }

  private WireAttributeList attributes() {
    if (attributes == null) {
      attributes = WireAttributeList.read(wire, off, len);
    }
    return attributes;
  }

  // ---- SpanOrBuilder ---------------------------------------------------------------------------------------

  @Override
  public ByteString getTraceId() {
    return fromWire() ? bytes(1) : whole().getTraceId();
  }

  @Override
  public ByteString getSpanId() {
    return fromWire() ? bytes(2) : whole().getSpanId();
  }

  @Override
  public String getTraceState() {
    return fromWire() ? string(3) : whole().getTraceState();
  }

  @Override
  public ByteString getTraceStateBytes() {
    return fromWire() ? bytes(3) : whole().getTraceStateBytes();
  }

  @Override
  public ByteString getParentSpanId() {
    return fromWire() ? bytes(4) : whole().getParentSpanId();
  }

  @Override
  public int getFlags() {
    if (!fromWire()) {
      return whole().getFlags();
    }
    return fixed32(16);
  }

  @Override
  public String getName() {
    if (!fromWire()) {
      return whole().getName();
    }
    if (name == null) {
      name = string(5);
    }
    return name;
  }

  @Override
  public ByteString getNameBytes() {
    return fromWire() ? bytes(5) : whole().getNameBytes();
  }

  @Override
  public int getKindValue() {
    return fromWire() ? (int) varint(6) : whole().getKindValue();
  }

  @Override
  public Span.SpanKind getKind() {
    Span.SpanKind kind = Span.SpanKind.forNumber(getKindValue());
    return kind == null ? Span.SpanKind.UNRECOGNIZED : kind;
  }

  @Override
  public long getStartTimeUnixNano() {
    return fromWire() ? fixed64(7) : whole().getStartTimeUnixNano();
  }

  @Override
  public long getEndTimeUnixNano() {
    return fromWire() ? fixed64(8) : whole().getEndTimeUnixNano();
  }

  @Override
  public List<KeyValue> getAttributesList() {
    return builder != null ? builder.getAttributesList() : attributes();
  }

  @Override
  public KeyValue getAttributes(int index) {
    return builder != null ? builder.getAttributes(index) : attributes().get(index);
  }

  @Override
  public int getAttributesCount() {
    return builder != null ? builder.getAttributesCount() : attributes().size();
  }

  @Override
  public List<? extends KeyValueOrBuilder> getAttributesOrBuilderList() {
    return getAttributesList();
  }

  @Override
  public KeyValueOrBuilder getAttributesOrBuilder(int index) {
    return getAttributes(index);
  }

  @Override
  public int getDroppedAttributesCount() {
    return fromWire() ? (int) varint(10) : whole().getDroppedAttributesCount();
  }

  @Override
  public List<Span.Event> getEventsList() {
    return fromWire() && index()[11] < 0 ? List.of() : whole().getEventsList();
  }

  @Override
  public Span.Event getEvents(int index) {
    return whole().getEvents(index);
  }

  @Override
  public int getEventsCount() {
    return fromWire() && index()[11] < 0 ? 0 : whole().getEventsCount();
  }

  @Override
  public List<? extends Span.EventOrBuilder> getEventsOrBuilderList() {
    return whole().getEventsOrBuilderList();
  }

  @Override
  public Span.EventOrBuilder getEventsOrBuilder(int index) {
    return whole().getEventsOrBuilder(index);
  }

  @Override
  public int getDroppedEventsCount() {
    return fromWire() ? (int) varint(12) : whole().getDroppedEventsCount();
  }

  @Override
  public List<Span.Link> getLinksList() {
    return fromWire() && index()[13] < 0 ? List.of() : whole().getLinksList();
  }

  @Override
  public Span.Link getLinks(int index) {
    return whole().getLinks(index);
  }

  @Override
  public int getLinksCount() {
    return fromWire() && index()[13] < 0 ? 0 : whole().getLinksCount();
  }

  @Override
  public List<? extends Span.LinkOrBuilder> getLinksOrBuilderList() {
    return whole().getLinksOrBuilderList();
  }

  @Override
  public Span.LinkOrBuilder getLinksOrBuilder(int index) {
    return whole().getLinksOrBuilder(index);
  }

  @Override
  public int getDroppedLinksCount() {
    return fromWire() ? (int) varint(14) : whole().getDroppedLinksCount();
  }

  @Override
  public boolean hasStatus() {
    return fromWire() ? index()[15] >= 0 : whole().hasStatus();
  }

  @Override
  public Status getStatus() {
    if (!fromWire() || statusRepeated) {
      return whole().getStatus();
    }
    return value(15, Status.getDefaultInstance(), (b, o, l) -> Status.parseFrom(CodedInputStream.newInstance(b, o, l)));
  }

  @Override
  public StatusOrBuilder getStatusOrBuilder() {
    return getStatus();
  }

  // ---- MessageOrBuilder: through the decoded span ----------------------------------------------------------

  @Override
  public Message getDefaultInstanceForType() {
    return Span.getDefaultInstance();
  }

  @Override
  public List<String> findInitializationErrors() {
    return List.of();
  }

  @Override
  public String getInitializationErrorString() {
    return "";
  }

  @Override
  public Descriptors.Descriptor getDescriptorForType() {
    return Span.getDescriptor();
  }

  @Override
  public Map<Descriptors.FieldDescriptor, Object> getAllFields() {
    return whole().getAllFields();
  }

  @Override
  public boolean hasOneof(Descriptors.OneofDescriptor oneof) {
    return whole().hasOneof(oneof);
  }

  @Override
  public Descriptors.FieldDescriptor getOneofFieldDescriptor(Descriptors.OneofDescriptor oneof) {
    return whole().getOneofFieldDescriptor(oneof);
  }

  @Override
  public boolean hasField(Descriptors.FieldDescriptor field) {
    return whole().hasField(field);
  }

  @Override
  public Object getField(Descriptors.FieldDescriptor field) {
    return whole().getField(field);
  }

  @Override
  public int getRepeatedFieldCount(Descriptors.FieldDescriptor field) {
    return whole().getRepeatedFieldCount(field);
  }

  @Override
  public Object getRepeatedField(Descriptors.FieldDescriptor field, int index) {
    return whole().getRepeatedField(field, index);
  }

  @Override
  public UnknownFieldSet getUnknownFields() {
    return whole().getUnknownFields();
  }

  @Override
  public boolean isInitialized() {
    return true;
  }
}
