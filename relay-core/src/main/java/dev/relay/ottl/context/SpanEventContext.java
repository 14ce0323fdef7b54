package dev.relay.ottl.context;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import dev.relay.otlp.WireReader;
import dev.relay.ottl.Utf8PrefixGetter;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.InstrumentationScopeOrBuilder;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.resource.v1.ResourceOrBuilder;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.SpanOrBuilder;
import java.nio.charset.StandardCharsets;

/**
 * One span event with what encloses it. A single instance is reused while walking a batch (set, evaluate, move on),
 * and it is confined to the thread that walks.
 *
 * <p>It can point at decoded messages, or at their places in a request's bytes: then each part is decoded only when
 * a path first asks for it, so a route that looks at the event name alone never decodes the span around it.
 */
public final class SpanEventContext {
  final ScratchMap cache = new ScratchMap();
  private byte[] wire;
  private int resourceOff = -1;
  private int resourceLen;
  private int scopeOff = -1;
  private int scopeLen;
  private int spanOff = -1;
  private int spanLen;
  private int eventOff = -1;
  private int eventLen;
  private ResourceOrBuilder resource = Resource.getDefaultInstance();
  private InstrumentationScopeOrBuilder scope = InstrumentationScope.getDefaultInstance();
  private SpanOrBuilder span = Span.getDefaultInstance();
  private Span.EventOrBuilder event = Span.Event.getDefaultInstance();
  private String eventName;
  private SpanOrBuilder spanFields;

  /** Points at decoded messages, or at builders that editors may change. */
  public SpanEventContext set(ResourceOrBuilder resource, InstrumentationScopeOrBuilder scope, SpanOrBuilder span,
      Span.EventOrBuilder event) {
    cache.clear();
    this.wire = null;
    this.resource = resource;
    this.scope = scope;
    this.span = span;
    this.event = event;
    this.eventName = null;
    this.spanFields = null;
    return this;
  }

  /** Starts walking a request's bytes. */
  public void wire(byte[] bytes) {
    this.wire = bytes;
  }

  /** The resource of the spans that follow: a range of the request, or -1 when the request has none. */
  public void wireResource(int off, int len) {
    resourceOff = off;
    resourceLen = len;
    resource = null;
  }

  public void wireScope(int off, int len) {
    scopeOff = off;
    scopeLen = len;
    scope = null;
  }

  public void wireSpan(int off, int len) {
    spanOff = off;
    spanLen = len;
    span = null;
    spanFields = null;
  }

  public void wireEvent(int off, int len) {
    cache.clear();
    eventOff = off;
    eventLen = len;
    event = null;
    eventName = null;
  }

  public ResourceOrBuilder resource() {
    if (resource == null) {
      resource = resourceOff < 0 ? Resource.getDefaultInstance() : parse(Resource.parser(), resourceOff, resourceLen);
    }
    return resource;
  }

  public InstrumentationScopeOrBuilder scope() {
    if (scope == null) {
      scope = scopeOff < 0
          ? InstrumentationScope.getDefaultInstance()
          : parse(InstrumentationScope.parser(), scopeOff, scopeLen);
    }
    return scope;
  }

  public SpanOrBuilder span() {
    if (span == null) {
      span = parse(Span.parser(), spanOff, spanLen);
    }
    return span;
  }

  /**
   * The span for reading its own fields (name, kind, ids, times, status, counts) but not its attributes, events or
   * links: from the wire, only the other fields are decoded, so that {@code span.name} costs what the name costs.
   */
  public SpanOrBuilder spanFields() {
    if (span != null) {
      return span;
    }
    if (spanFields == null) {
      spanFields = parseSpanFields();
    }
    return spanFields;
  }

  private static final int SPAN_EVENTS = 11;
  private static final int SPAN_LINKS = 13;

  private Span parseSpanFields() {
    WireReader r = new WireReader(wire, spanOff);
    int end = spanOff + spanLen;
    java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream(64);
    try {
      while (r.pos() < end) {
        int start = r.pos();
        int tag = r.tag(end);
        r.skipField(tag, end, 0);
        int field = tag >>> 3;
        if (field != SPAN_ATTRIBUTES && field != SPAN_EVENTS && field != SPAN_LINKS) {
          kept.write(wire, start, r.pos() - start);
        }
      }
      return Span.parseFrom(kept.toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("validated request failed to decode", e);
    }
  }

  public Span.EventOrBuilder event() {
    if (event == null) {
      event = parse(Span.Event.parser(), eventOff, eventLen);
    }
    return event;
  }

  /**
   * The event's name. Routes test it for every event, so from the wire it is read on its own (field 2 of the
   * event) without decoding the event's attributes.
   */
  public String eventName() {
    if (event != null) {
      return event.getName();
    }
    if (eventName == null) {
      eventName = readEventName();
    }
    return eventName;
  }

  private static final int EVENT_NAME_TAG = 2 << 3 | 2;
  private static final int EVENT_ATTRIBUTES = 3;
  private static final int SPAN_ATTRIBUTES = 9;
  private static final int RESOURCE_ATTRIBUTES = 1;

  /** {@code attributes[key]} of the event; read from the wire without decoding the event when possible. */
  public Object eventAttribute(byte[] key) {
    return event != null ? lookup(event.getAttributesList(), key)
        : wireAttribute(eventOff, eventLen, EVENT_ATTRIBUTES, key);
  }

  /** {@code span.attributes[key]}; read from the wire without decoding the span when possible. */
  public Object spanAttribute(byte[] key) {
    return span != null ? lookup(span.getAttributesList(), key)
        : wireAttribute(spanOff, spanLen, SPAN_ATTRIBUTES, key);
  }

  /** {@code resource.attributes[key]}; read from the wire without decoding the resource when possible. */
  public Object resourceAttribute(byte[] key) {
    if (resource != null) {
      return lookup(resource.getAttributesList(), key);
    }
    return resourceOff < 0 ? null : wireAttribute(resourceOff, resourceLen, RESOURCE_ATTRIBUTES, key);
  }

  private static Object lookup(java.util.List<io.opentelemetry.proto.common.v1.KeyValue> attrs, byte[] key) {
    return dev.relay.ottl.AttributeMap.lookup(attrs, new String(key, StandardCharsets.UTF_8));
  }

  /**
   * Scans the {@code KeyValue} entries of field {@code field} in {@code [off, off+len)} for {@code key} (compared as
   * UTF-8 bytes) and decodes only the matching value. The first entry with the key wins, as in the list lookup.
   */
  private Object wireAttribute(int off, int len, int field, byte[] key) {
    WireReader r = new WireReader(wire, off);
    int end = off + len;
    int attrTag = field << 3 | 2;
    try {
      while (r.pos() < end) {
        int tag = r.tag(end);
        if (tag != attrTag) {
          r.skipField(tag, end, 0);
          continue;
        }
        int kvLen = r.length(end);
        int kvEnd = r.pos() + kvLen;
        boolean keyMatches = false;
        int valueOff = -1;
        int valueLen = 0;
        while (r.pos() < kvEnd) {
          int t = r.tag(kvEnd);
          if (t == (1 << 3 | 2)) {
            int kl = r.length(kvEnd);
            keyMatches = kl == key.length && java.util.Arrays.equals(wire, r.pos(), r.pos() + kl, key, 0, kl);
            r.seek(r.pos() + kl);
          } else if (t == (2 << 3 | 2)) {
            valueLen = r.length(kvEnd);
            valueOff = r.pos();
            r.seek(valueOff + valueLen);
          } else {
            r.skipField(t, kvEnd, 0);
          }
        }
        if (keyMatches) {
          return valueOff < 0 ? null : dev.relay.ottl.Values.fromAny(
              io.opentelemetry.proto.common.v1.AnyValue.parser().parseFrom(wire, valueOff, valueLen));
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("validated request failed to decode", e);
    }
    return null;
  }

  /**
   * Whether the event's name starts with one of {@code prefixes} ({@code utf8}: the same, as UTF-8). From the wire,
   * the name's bytes are compared where they lie, so the 9 events in 10 that a route does not select never become
   * strings.
   */
  public boolean eventNameStartsWith(String[] prefixes, byte[][] utf8) {
    if (event != null || eventName != null) {
      return Utf8PrefixGetter.startsWithAny(eventName(), prefixes);
    }
    long range = eventNameRange();
    int off = (int) (range >>> 32);
    int len = (int) range;
    for (byte[] p : utf8) {
      if (p.length <= len && java.util.Arrays.equals(wire, off, off + p.length, p, 0, p.length)) {
        return true;
      }
    }
    return false;
  }

  private String readEventName() {
    long range = eventNameRange();
    return new String(wire, (int) (range >>> 32), (int) range, StandardCharsets.UTF_8);
  }

  /** Where the event's name lies in the request: offset in the high half, length in the low (0 when unset). */
  private long eventNameRange() {
    WireReader r = new WireReader(wire, eventOff);
    int end = eventOff + eventLen;
    int off = 0;
    int len = 0;
    try {
      while (r.pos() < end) {
        int tag = r.tag(end);
        if (tag == EVENT_NAME_TAG) {
          // protobuf keeps the last value of a repeated scalar field
          len = r.length(end);
          off = r.pos();
          r.seek(off + len);
        } else {
          r.skipField(tag, end, 0);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("validated request failed to decode", e);
    }
    return (long) off << 32 | len;
  }

  // Editors run only on contexts set with builders (the transform processor); routes never edit.

  Resource.Builder resourceBuilder() {
    return (Resource.Builder) resource;
  }

  InstrumentationScope.Builder scopeBuilder() {
    return (InstrumentationScope.Builder) scope;
  }

  Span.Builder spanBuilder() {
    return (Span.Builder) span;
  }

  Span.Event.Builder eventBuilder() {
    return (Span.Event.Builder) event;
  }

  private <M> M parse(Parser<M> parser, int off, int len) {
    try {
      return parser.parseFrom(wire, off, len);
    } catch (InvalidProtocolBufferException e) {
      // the request was validated when it was received
      throw new IllegalStateException("validated request failed to decode", e);
    }
  }
}
