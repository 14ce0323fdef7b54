package dev.relay.otlp;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Checks that bytes are a well-formed {@code ExportTraceServiceRequest} without building any object, and counts its
 * spans: every tag, varint and length is within bounds, nested messages are walked, proto3 strings are valid
 * UTF-8 and nesting stays within protobuf's recursion limit, as protobuf-java's parser requires; and trace and span
 * ids are 16 and 8 bytes (or empty), as Tempo and the Collector require. Unknown fields are
 * skipped, as the parser does. The table of which field holds which message is derived once from the generated
 * descriptors.
 */
public final class WireValidator {
  /** protobuf-java's default recursion limit. */
  static final int MAX_DEPTH = 100;

  private static final Schema TRACE_REQUEST = Schema.of(ExportTraceServiceRequest.getDescriptor());

  private WireValidator() {}

  /** Returns the number of spans in a valid request; throws if protobuf-java would reject the bytes. */
  public static int validateTraces(byte[] bytes) throws InvalidProtocolBufferException {
    return (int) walk(new WireReader(bytes), bytes.length, TRACE_REQUEST, 0);
  }

  /** What the walk needs to know of one message type, indexed by field number. */
  private static final class Schema {
    Schema[] messages = new Schema[0];
    boolean[] strings = new boolean[0];
    /** Required length of an id field (trace_id 16, span_id 8), or 0 for no check; empty ids are allowed. */
    int[] idLengths = new int[0];
    boolean isSpan;

    static Schema of(Descriptor d) {
      return of(d, new IdentityHashMap<>());
    }

    private static Schema of(Descriptor d, Map<Descriptor, Schema> seen) {
      Schema s = seen.get(d);
      if (s != null) {
        return s;
      }
      s = new Schema();
      seen.put(d, s);
      s.isSpan = d == Span.getDescriptor();
      int max = 0;
      for (FieldDescriptor f : d.getFields()) {
        max = Math.max(max, f.getNumber());
      }
      s.messages = new Schema[max + 1];
      s.strings = new boolean[max + 1];
      s.idLengths = new int[max + 1];
      for (FieldDescriptor f : d.getFields()) {
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          s.messages[f.getNumber()] = of(f.getMessageType(), seen);
        } else if (f.getType() == FieldDescriptor.Type.STRING && f.needsUtf8Check()) {
          s.strings[f.getNumber()] = true;
        } else if (f.getType() == FieldDescriptor.Type.BYTES) {
          s.idLengths[f.getNumber()] = switch (f.getName()) {
            case "trace_id" -> 16;
            case "span_id", "parent_span_id" -> 8;
            default -> 0;
          };
        }
      }
      return s;
    }
  }

  /** Walks one message body up to {@code end}; returns the spans found in it. */
  private static long walk(WireReader r, int end, Schema schema, int depth) throws InvalidProtocolBufferException {
    long spans = 0;
    while (r.pos() < end) {
      int tag = r.tag(end);
      int field = tag >>> 3;
      if ((tag & 7) != 2) {
        r.skipField(tag, end, depth);
        continue;
      }
      int len = r.length(end);
      int start = r.pos();
      int stop = start + len;
      Schema child = field < schema.messages.length ? schema.messages[field] : null;
      if (child != null) {
        if (depth + 1 >= MAX_DEPTH) {
          throw new InvalidProtocolBufferException("message nested too deeply");
        }
        spans += walk(r, stop, child, depth + 1);
        if (child.isSpan) {
          spans++;
        }
      } else if (field < schema.strings.length && schema.strings[field] && !isUtf8(r.bytes(), start, stop)) {
        throw new InvalidProtocolBufferException("invalid UTF-8 in a string field");
      } else if (field < schema.idLengths.length && schema.idLengths[field] != 0 && len != 0
          && len != schema.idLengths[field]) {
        // Tempo (and the Collector) reject the whole request for such an id; refuse it here, alone.
        throw new InvalidProtocolBufferException("a " + len + "-byte id where " + schema.idLengths[field]
            + " bytes are required");
      }
      r.seek(stop);
    }
    return spans;
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
