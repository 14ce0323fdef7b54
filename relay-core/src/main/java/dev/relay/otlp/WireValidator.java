package dev.relay.otlp;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks that bytes are a well-formed OTLP export request (traces, logs or metrics) without building any object,
 * and counts its items (spans, log records, data points): every tag, varint and length is within bounds, nested
 * messages are walked, proto3 strings are valid
 * UTF-8 and nesting stays within protobuf's recursion limit, as protobuf-java's parser requires; and trace and span
 * ids are 16 and 8 bytes (or empty), as Tempo and the Collector require. Unknown fields are
 * skipped, as the parser does. The table of which field holds which message is derived once from the generated
 * descriptors.
 *
 * <p>Given a {@link LimitScreen}, the same walk also tells whether an item may be over the receiver's
 * {@link ItemLimits}, so a request within them (nearly all) is walked once.
 */
final class WireValidator {
  /** protobuf-java's default recursion limit. */
  static final int MAX_DEPTH = 100;

  // Before the schemas, which read it as they are built.
  /** The messages whose attributes (and, for a span, events and links) ItemLimits limits. */
  private static final Set<Descriptor> LIMITED = Set.of(Span.getDescriptor(), Span.Event.getDescriptor(),
      Span.Link.getDescriptor(), LogRecord.getDescriptor());

  private static final Schema TRACE_REQUEST =
      Schema.of(ExportTraceServiceRequest.getDescriptor(), Set.of(Span.getDescriptor()));
  private static final Schema LOGS_REQUEST =
      Schema.of(ExportLogsServiceRequest.getDescriptor(), Set.of(LogRecord.getDescriptor()));
  private static final Schema METRICS_REQUEST = Schema.of(ExportMetricsServiceRequest.getDescriptor(),
      Set.of(NumberDataPoint.getDescriptor(), HistogramDataPoint.getDescriptor(),
          ExponentialHistogramDataPoint.getDescriptor(), SummaryDataPoint.getDescriptor()));

  private WireValidator() {}

  /** Returns the number of spans in a valid request; throws if protobuf-java would reject the bytes. */
  public static int validateTraces(byte[] bytes) throws InvalidProtocolBufferException {
    return count(bytes, TRACE_REQUEST);
  }

  /** Returns the number of log records in a valid {@code ExportLogsServiceRequest}. */
  public static int validateLogs(byte[] bytes) throws InvalidProtocolBufferException {
    return count(bytes, LOGS_REQUEST);
  }

  /** Returns the number of data points in a valid {@code ExportMetricsServiceRequest}. */
  public static int validateMetrics(byte[] bytes) throws InvalidProtocolBufferException {
    return count(bytes, METRICS_REQUEST);
  }

  /**
   * Returns the number of spans or log records in a valid request, and notes in {@code screen} (when not null)
   * whether an item may be over its limits.
   */
  static int validate(Signal signal, byte[] bytes, LimitScreen screen) throws InvalidProtocolBufferException {
    Schema schema = switch (signal) {
      case TRACES -> TRACE_REQUEST;
      case LOGS -> LOGS_REQUEST;
      case METRICS -> METRICS_REQUEST;
    };
    return count(bytes, schema, schema == METRICS_REQUEST ? null : screen);
  }

  private static int count(byte[] bytes, Schema schema) throws InvalidProtocolBufferException {
    return count(bytes, schema, null);
  }

  private static int count(byte[] bytes, Schema schema, LimitScreen screen) throws InvalidProtocolBufferException {
    long n = walk(new WireReader(bytes), bytes.length, schema, 0, screen);
    if (n > Integer.MAX_VALUE) {
      throw new InvalidProtocolBufferException("too many items in one request");
    }
    return (int) n;
  }

  // What a length-delimited field is, by field number: what the walk checks in it.
  private static final byte OTHER = 0;
  private static final byte MESSAGE = 1;
  private static final byte STRING = 2;
  private static final byte PACKED_FIXED64 = 3;
  private static final byte PACKED_FIXED32 = 4;
  private static final byte PACKED_VARINT = 5;
  private static final byte TRACE_ID = 6;
  private static final byte SPAN_ID = 7;

  // What a message field counts towards in an item limited by ItemLimits.
  private static final byte ATTRIBUTE = 1;
  private static final byte EVENT = 2;
  private static final byte LINK = 3;

  /** What the walk needs to know of one message type, indexed by field number. */
  private static final class Schema {
    byte[] kinds = new byte[0];
    Schema[] messages = new Schema[0];
    /** What each field counts towards under {@link ItemLimits}: {@link #ATTRIBUTE}, {@link #EVENT}, ... or 0. */
    byte[] limitRoles = new byte[0];
    /** Whether a message of this type is one item of the signal (a span, a log record, a data point). */
    boolean isItem;
    /** Whether {@link ItemLimits} limits this message's attributes (spans, events, links, log records). */
    boolean limited;

    static Schema of(Descriptor d, Set<Descriptor> items) {
      return of(d, items, new IdentityHashMap<>());
    }

    private static Schema of(Descriptor d, Set<Descriptor> items, Map<Descriptor, Schema> seen) {
      Schema s = seen.get(d);
      if (s != null) {
        return s;
      }
      s = new Schema();
      seen.put(d, s);
      s.isItem = items.contains(d);
      s.limited = LIMITED.contains(d);
      int max = 0;
      for (FieldDescriptor f : d.getFields()) {
        max = Math.max(max, f.getNumber());
      }
      s.messages = new Schema[max + 1];
      s.kinds = new byte[max + 1];
      s.limitRoles = new byte[max + 1];
      for (FieldDescriptor f : d.getFields()) {
        int n = f.getNumber();
        if (s.limited) {
          s.limitRoles[n] = switch (f.getName()) {
            case "attributes" -> ATTRIBUTE;
            case "events" -> EVENT;
            case "links" -> LINK;
            default -> 0;
          };
        }
        if (f.isRepeated() && f.isPackable()) {
          s.kinds[n] = switch (f.getType()) {
            case FIXED64, SFIXED64, DOUBLE -> PACKED_FIXED64;
            case FIXED32, SFIXED32, FLOAT -> PACKED_FIXED32;
            default -> PACKED_VARINT;
          };
        } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          s.kinds[n] = MESSAGE;
          s.messages[n] = of(f.getMessageType(), items, seen);
        } else if (f.getType() == FieldDescriptor.Type.STRING && f.needsUtf8Check()) {
          s.kinds[n] = STRING;
        } else if (f.getType() == FieldDescriptor.Type.BYTES) {
          // Tempo (and the Collector) reject a whole request for an id of the wrong length; empty ids are allowed.
          s.kinds[n] = switch (f.getName()) {
            case "trace_id" -> TRACE_ID;
            case "span_id", "parent_span_id" -> SPAN_ID;
            default -> OTHER;
          };
        }
      }
      return s;
    }
  }

  /** Walks one message body up to {@code end}; returns the items found in it. */
  private static long walk(WireReader r, int end, Schema schema, int depth, LimitScreen screen)
      throws InvalidProtocolBufferException {
    long items = 0;
    byte[] kinds = schema.kinds;
    int attributes = 0;
    int events = 0;
    int links = 0;
    while (r.pos() < end) {
      int tag = r.tag(end);
      if ((tag & 7) != 2) {
        r.skipField(tag, end, depth);
        continue;
      }
      int field = tag >>> 3;
      int len = r.length(end);
      int start = r.pos();
      int stop = start + len;
      switch (field < kinds.length ? kinds[field] : OTHER) {
        case MESSAGE -> {
          if (depth + 1 >= MAX_DEPTH) {
            throw new InvalidProtocolBufferException("message nested too deeply");
          }
          Schema child = schema.messages[field];
          items += walk(r, stop, child, depth + 1, screen);
          if (child.isItem) {
            items++;
          }
          if (screen != null) {
            switch (schema.limitRoles[field]) {
              case ATTRIBUTE -> attributes++;
              case EVENT -> events++;
              case LINK -> links++;
              default -> { }
            }
          }
        }
        case STRING -> {
          if (!isUtf8(r.bytes(), start, stop)) {
            throw new InvalidProtocolBufferException("invalid UTF-8 in a string field");
          }
          if (screen != null) {
            screen.string(len);
          }
        }
        case PACKED_FIXED64 -> checkPacked(r.bytes(), start, stop, 8);
        case PACKED_FIXED32 -> checkPacked(r.bytes(), start, stop, 4);
        case PACKED_VARINT -> checkPacked(r.bytes(), start, stop, -1);
        case TRACE_ID -> checkId(len, 16);
        case SPAN_ID -> checkId(len, 8);
        default -> { }
      }
      r.seek(stop);
    }
    if (screen != null && schema.limited) {
      screen.item(attributes, events, links);
    }
    return items;
  }

  private static void checkId(int len, int required) throws InvalidProtocolBufferException {
    if (len != 0 && len != required) {
      throw new InvalidProtocolBufferException("a " + len + "-byte id where " + required + " bytes are required");
    }
  }

  /** A packed run of numbers: whole fixed-size elements, or varints that each end within it. */
  private static void checkPacked(byte[] b, int start, int stop, int size) throws InvalidProtocolBufferException {
    if (size > 0) {
      if ((stop - start) % size != 0) {
        throw new InvalidProtocolBufferException("a packed field's length is not a multiple of " + size);
      }
      return;
    }
    int pos = start;
    while (pos < stop) {
      int n = 0;
      while (true) {
        if (pos >= stop || n == 10) {
          throw new InvalidProtocolBufferException("a packed field holds a malformed varint");
        }
        n++;
        if (b[pos++] >= 0) {
          break;
        }
      }
    }
  }

  /** Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
  static boolean isUtf8(byte[] b, int pos, int end) {
    while (pos < end) {
      int c = b[pos++];
      if (c >= 0) {
        continue;
      }
      c &= 0xff;
      if (c < 0xc2) {
        return false;
      }
      if (c < 0xe0) {
        if (pos >= end || (b[pos++] & 0xc0) != 0x80) {
          return false;
        }
      } else if (c < 0xf0) {
        if (end - pos < 2) {
          return false;
        }
        int c1 = b[pos++] & 0xff;
        int c2 = b[pos++] & 0xff;
        if ((c1 & 0xc0) != 0x80 || (c2 & 0xc0) != 0x80
            || (c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0)) {
          return false;
        }
      } else if (c < 0xf5) {
        if (end - pos < 3) {
          return false;
        }
        int c1 = b[pos++] & 0xff;
        int c2 = b[pos++] & 0xff;
        int c3 = b[pos++] & 0xff;
        if ((c1 & 0xc0) != 0x80 || (c2 & 0xc0) != 0x80 || (c3 & 0xc0) != 0x80
            || (c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 >= 0x90)) {
          return false;
        }
      } else {
        return false;
      }
    }
    return true;
  }
}
