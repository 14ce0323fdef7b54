package dev.relay.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;

/**
 * {@link ItemLimits} on a request's bytes: {@link #count} walks down to the spans (with their events and links) or
 * log records and counts, without storing anything, the items over a limit; {@link #rewrite} copies the request,
 * leaving out what is over and adding it to the item's dropped counts. Everything else is copied byte for byte.
 */
final class WireLimits {
  // Field numbers, from opentelemetry-proto.
  private static final int RESOURCE_ITEMS = 1; // ExportTraceServiceRequest.resource_spans, ExportLogs….resource_logs
  private static final int SCOPE_ITEMS = 2; // ResourceSpans.scope_spans, ResourceLogs.scope_logs
  private static final int ITEMS = 2; // ScopeSpans.spans, ScopeLogs.log_records
  private static final int SPAN_ATTRIBUTES = 9;
  private static final int SPAN_DROPPED_ATTRIBUTES = 10;
  private static final int SPAN_EVENTS = 11;
  private static final int SPAN_DROPPED_EVENTS = 12;
  private static final int SPAN_LINKS = 13;
  private static final int SPAN_DROPPED_LINKS = 14;
  private static final int EVENT_ATTRIBUTES = 3;
  private static final int EVENT_DROPPED_ATTRIBUTES = 4;
  private static final int LINK_ATTRIBUTES = 4;
  private static final int LINK_DROPPED_ATTRIBUTES = 5;
  private static final int LOG_ATTRIBUTES = 6;
  private static final int LOG_DROPPED_ATTRIBUTES = 7;
  private static final int KEY_VALUE_VALUE = 2;
  private static final int ANY_STRING = 1;
  private static final int ANY_ARRAY = 5;
  private static final int ARRAY_VALUES = 1;

  private final ItemLimits limits;
  private final boolean traces;
  private String firstViolation;

  WireLimits(ItemLimits limits, Signal signal) {
    this.limits = limits;
    this.traces = signal == Signal.TRACES;
  }

  String firstViolation() {
    return firstViolation;
  }

  // ---- counting --------------------------------------------------------------------------------------------------

  /** The number of spans or log records over a limit. */
  int count(byte[] b) throws InvalidProtocolBufferException {
    WireReader r = new WireReader(b);
    int over = 0;
    for (Field f = new Field(); f.next(r, b.length); ) {
      if (f.is(RESOURCE_ITEMS)) {
        for (Field s = new Field(); s.next(r, f.end); ) {
          if (s.is(SCOPE_ITEMS)) {
            for (Field i = new Field(); i.next(r, s.end); ) {
              if (i.is(ITEMS) && (traces ? spanOver(r, i.end) : logOver(r, i.end))) {
                over++;
              }
              r.seek(i.end);
            }
          }
          r.seek(s.end);
        }
      }
      r.seek(f.end);
    }
    return over;
  }

  private boolean spanOver(WireReader r, int end) throws InvalidProtocolBufferException {
    int attributes = 0;
    int events = 0;
    int links = 0;
    boolean over = false;
    for (Field f = new Field(); f.next(r, end); ) {
      if (f.is(SPAN_ATTRIBUTES)) {
        attributes++;
        over |= valueOver(r, f.end);
      } else if (f.is(SPAN_EVENTS)) {
        events++;
        over |= nestedOver(r, f.end, EVENT_ATTRIBUTES, "span event");
      } else if (f.is(SPAN_LINKS)) {
        links++;
        over |= nestedOver(r, f.end, LINK_ATTRIBUTES, "span link");
      }
      r.seek(f.end);
    }
    over |= exceeds(attributes, limits.maxAttributes(), "a span has " + attributes + " attributes",
        "max_attributes_per_item");
    over |= exceeds(events, limits.maxEvents(), "a span has " + events + " events", "max_events_per_span");
    over |= exceeds(links, limits.maxLinks(), "a span has " + links + " links", "max_links_per_span");
    return over;
  }

  private boolean logOver(WireReader r, int end) throws InvalidProtocolBufferException {
    return nestedOver(r, end, LOG_ATTRIBUTES, "a log record");
  }

  /** An event, link or log record: its attributes' number and values. */
  private boolean nestedOver(WireReader r, int end, int attributesField, String what)
      throws InvalidProtocolBufferException {
    int attributes = 0;
    boolean over = false;
    for (Field f = new Field(); f.next(r, end); ) {
      if (f.is(attributesField)) {
        attributes++;
        over |= valueOver(r, f.end);
      }
      r.seek(f.end);
    }
    return exceeds(attributes, limits.maxAttributes(), what + " has " + attributes + " attributes",
        "max_attributes_per_item") | over;
  }

  private boolean exceeds(int n, int max, String what, String key) {
    if (max > 0 && n > max) {
      if (firstViolation == null) {
        firstViolation = what + ", more than " + key + " (" + max + ")";
      }
      return true;
    }
    return false;
  }

  /** Whether the KeyValue in {@code [pos, end)} holds a string (or array of strings) longer than the limit. */
  private boolean valueOver(WireReader r, int end) throws InvalidProtocolBufferException {
    int max = limits.maxAttributeValueLength();
    if (max == 0) {
      return false;
    }
    byte[] b = r.bytes();
    for (Field f = new Field(); f.next(r, end); ) {
      if (f.is(KEY_VALUE_VALUE)) {
        for (Field v = new Field(); v.next(r, f.end); ) {
          if (v.is(ANY_STRING) && tooLong(b, v.start, v.end - v.start, max)) {
            return exceeds(max + 1, max, "an attribute value is longer than " + max + " characters",
                "max_attribute_value_length");
          }
          if (v.is(ANY_ARRAY)) {
            for (Field a = new Field(); a.next(r, v.end); ) {
              if (a.is(ARRAY_VALUES)) {
                for (Field s = new Field(); s.next(r, a.end); ) {
                  if (s.is(ANY_STRING) && tooLong(b, s.start, s.end - s.start, max)) {
                    return exceeds(max + 1, max, "an attribute value is longer than " + max + " characters",
                        "max_attribute_value_length");
                  }
                  r.seek(s.end);
                }
              }
              r.seek(a.end);
            }
          }
          r.seek(v.end);
        }
      }
      r.seek(f.end);
    }
    return false;
  }

  /** Whether UTF-8 {@code [off, off+len)} has more than {@code max} code points (no decoding when it cannot). */
  private static boolean tooLong(byte[] b, int off, int len, int max) {
    if (len <= max) {
      return false;
    }
    int points = 0;
    for (int i = off; i < off + len; i++) {
      if ((b[i] & 0xC0) != 0x80 && ++points > max) {
        return true;
      }
    }
    return false;
  }

  // ---- rewriting -------------------------------------------------------------------------------------------------

  byte[] rewrite(byte[] b) throws InvalidProtocolBufferException {
    return message(b, 0, b.length, Level.REQUEST);
  }

  private enum Level { REQUEST, RESOURCE, SCOPE, SPAN, EVENT, LINK, LOG, KEY_VALUE, ANY_VALUE, ARRAY }

  /** The message in {@code [start, end)} of {@code level}, with what is over the limits left out or cut. */
  private byte[] message(byte[] b, int start, int end, Level level) throws InvalidProtocolBufferException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
    WireReader r = new WireReader(b, start);
    int attributes = 0;
    int events = 0;
    int links = 0;
    long droppedAttributes = 0;
    long droppedEvents = 0;
    long droppedLinks = 0;
    int attributesField = attributesField(level);
    for (Field f = new Field(); f.next(r, end); ) {
      int n = f.number;
      Level child = child(level, n);
      if (n == attributesField && f.lengthDelimited) {
        if (limits.maxAttributes() > 0 && ++attributes > limits.maxAttributes()) {
          droppedAttributes++;
        } else {
          writeMessage(out, n, message(b, f.start, f.end, Level.KEY_VALUE));
        }
      } else if (level == Level.SPAN && n == SPAN_EVENTS && f.lengthDelimited) {
        if (limits.maxEvents() > 0 && ++events > limits.maxEvents()) {
          droppedEvents++;
        } else {
          writeMessage(out, n, message(b, f.start, f.end, Level.EVENT));
        }
      } else if (level == Level.SPAN && n == SPAN_LINKS && f.lengthDelimited) {
        if (limits.maxLinks() > 0 && ++links > limits.maxLinks()) {
          droppedLinks++;
        } else {
          writeMessage(out, n, message(b, f.start, f.end, Level.LINK));
        }
      } else if (n == droppedAttributesField(level) && f.varint) {
        droppedAttributes += varint(b, f);
      } else if (level == Level.SPAN && n == SPAN_DROPPED_EVENTS && f.varint) {
        droppedEvents += varint(b, f);
      } else if (level == Level.SPAN && n == SPAN_DROPPED_LINKS && f.varint) {
        droppedLinks += varint(b, f);
      } else if (level == Level.ANY_VALUE && n == ANY_STRING && f.lengthDelimited
          && limits.maxAttributeValueLength() > 0
          && tooLong(b, f.start, f.end - f.start, limits.maxAttributeValueLength())) {
        writeMessage(out, n, cut(b, f.start, f.end, limits.maxAttributeValueLength()));
      } else if (child != null && f.lengthDelimited) {
        writeMessage(out, n, message(b, f.start, f.end, child));
      } else {
        out.write(b, f.tagStart, f.end - f.tagStart);
      }
      r.seek(f.end);
    }
    writeCount(out, droppedAttributesField(level), droppedAttributes);
    if (level == Level.SPAN) {
      writeCount(out, SPAN_DROPPED_EVENTS, droppedEvents);
      writeCount(out, SPAN_DROPPED_LINKS, droppedLinks);
    }
    return out.toByteArray();
  }

  /** The messages the rewrite goes into below {@code level}; null: copied as they are. */
  private Level child(Level level, int field) {
    return switch (level) {
      case REQUEST -> field == RESOURCE_ITEMS ? Level.RESOURCE : null;
      case RESOURCE -> field == SCOPE_ITEMS ? Level.SCOPE : null;
      case SCOPE -> field == ITEMS ? (traces ? Level.SPAN : Level.LOG) : null;
      case KEY_VALUE -> field == KEY_VALUE_VALUE ? Level.ANY_VALUE : null;
      case ANY_VALUE -> field == ANY_ARRAY ? Level.ARRAY : null;
      case ARRAY -> field == ARRAY_VALUES ? Level.ANY_VALUE : null;
      default -> null;
    };
  }

  private static int attributesField(Level level) {
    return switch (level) {
      case SPAN -> SPAN_ATTRIBUTES;
      case EVENT -> EVENT_ATTRIBUTES;
      case LINK -> LINK_ATTRIBUTES;
      case LOG -> LOG_ATTRIBUTES;
      default -> -1;
    };
  }

  private static int droppedAttributesField(Level level) {
    return switch (level) {
      case SPAN -> SPAN_DROPPED_ATTRIBUTES;
      case EVENT -> EVENT_DROPPED_ATTRIBUTES;
      case LINK -> LINK_DROPPED_ATTRIBUTES;
      case LOG -> LOG_DROPPED_ATTRIBUTES;
      default -> -1;
    };
  }

  /** The first {@code max} code points of UTF-8 {@code [start, end)}. */
  private static byte[] cut(byte[] b, int start, int end, int max) {
    int points = 0;
    int i = start;
    for (; i < end; i++) {
      if ((b[i] & 0xC0) != 0x80 && ++points > max) {
        break;
      }
    }
    byte[] out = new byte[i - start];
    System.arraycopy(b, start, out, 0, out.length);
    return out;
  }

  private static long varint(byte[] b, Field f) throws InvalidProtocolBufferException {
    return new WireReader(b, f.start).varint(f.end, 10, "malformed varint");
  }

  private static void writeMessage(ByteArrayOutputStream out, int field, byte[] body) {
    writeVarint(out, ((long) field << 3) | 2);
    writeVarint(out, body.length);
    out.write(body, 0, body.length);
  }

  private static void writeCount(ByteArrayOutputStream out, int field, long count) {
    if (field > 0 && count > 0) {
      writeVarint(out, (long) field << 3);
      writeVarint(out, Math.min(count, 0xFFFF_FFFFL)); // a uint32 on the wire
    }
  }

  private static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** One field of a message being walked: its number, where its tag starts, and its value's bounds. */
  private static final class Field {
    int number;
    int tagStart;
    boolean lengthDelimited;
    /**
     * A varint on the wire. A dropped count sent with another wire type is, to protobuf's parser, an unknown field:
     * copied as it is, never read as a count.
     */
    boolean varint;
    /** Where the value starts (after the length, for a length-delimited field) and where the field ends. */
    int start;
    int end;

    boolean next(WireReader r, int limit) throws InvalidProtocolBufferException {
      if (r.pos() >= limit) {
        return false;
      }
      tagStart = r.pos();
      int tag = r.tag(limit);
      number = tag >>> 3;
      lengthDelimited = (tag & 7) == 2;
      varint = (tag & 7) == 0;
      if (lengthDelimited) {
        int len = r.length(limit);
        start = r.pos();
        end = start + len;
        if (end > limit || end < start) {
          throw new InvalidProtocolBufferException("truncated message");
        }
      } else {
        start = r.pos();
        r.skipField(tag, limit, 0);
        end = r.pos();
        r.seek(start);
      }
      return true;
    }

    boolean is(int field) {
      return lengthDelimited && number == field;
    }
  }
}
