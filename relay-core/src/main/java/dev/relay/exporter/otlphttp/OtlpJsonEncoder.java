package dev.relay.exporter.otlphttp;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.relay.json.JsonWriter;
import dev.relay.otlp.Batch;
import dev.relay.otlp.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes OTLP JSON (the specification's "JSON Protobuf Encoding", as {@code otlp.OtlpJson} reads it) straight from
 * a request's protobuf bytes, driven by the message descriptors, so one encoder serves every signal and nothing is
 * decoded into objects. Keys are lowerCamelCase; {@code traceId}, {@code spanId} and {@code parentSpanId} are hex,
 * other bytes base64; enums are integers; 64-bit integers are decimal strings; NaN and infinities are the strings
 * protobuf uses. Merged batches (concatenated requests) become one request, as protobuf would read them. Fields
 * unknown to the descriptors are left out.
 */
final class OtlpJsonEncoder {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** The bytes of one message, possibly in several places (the parts of a merged request, a repeated singular). */
  private record Segment(byte[] buf, int start, int end) {}

  /** One field occurrence on the wire: a varint or fixed value, or a length-delimited range. */
  private record Occurrence(byte[] buf, int wireType, long value, int start, int end) {}

  private final JsonWriter out = new JsonWriter(4096);

  private OtlpJsonEncoder() {}

  /** The JSON of the request the concatenation of {@code batches}' bytes is. */
  static byte[] encode(List<Batch> batches) {
    List<Segment> parts = new ArrayList<>(batches.size());
    for (Batch b : batches) {
      byte[] bytes = b.bytes();
      parts.add(new Segment(bytes, 0, bytes.length));
    }
    OtlpJsonEncoder encoder = new OtlpJsonEncoder();
    encoder.message(descriptor(batches.get(0).signal()), parts);
    return encoder.out.toByteArray();
  }

  static Descriptor descriptor(Signal signal) {
    return switch (signal) {
      case TRACES -> ExportTraceServiceRequest.getDescriptor();
      case LOGS -> ExportLogsServiceRequest.getDescriptor();
      case METRICS -> ExportMetricsServiceRequest.getDescriptor();
    };
  }

  private void message(Descriptor type, List<Segment> segments) {
    Map<FieldDescriptor, List<Occurrence>> fields = new LinkedHashMap<>();
    for (Segment s : segments) {
      scan(type, s, fields);
    }
    out.beginObject();
    for (Map.Entry<FieldDescriptor, List<Occurrence>> e : fields.entrySet()) {
      FieldDescriptor f = e.getKey();
      List<Occurrence> occurrences = e.getValue();
      out.name(f.getJsonName());
      if (f.isRepeated()) {
        out.beginArray();
        for (Occurrence o : occurrences) {
          if (o.wireType() == 2 && f.getJavaType() != FieldDescriptor.JavaType.STRING
              && f.getJavaType() != FieldDescriptor.JavaType.BYTE_STRING
              && f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
            packed(f, o);
          } else {
            value(f, List.of(o));
          }
        }
        out.endArray();
      } else {
        value(f, occurrences);
      }
    }
    out.endObject();
  }

  /** Collects the occurrences of each known field in {@code s}, in the order the fields first appear. */
  private static void scan(Descriptor type, Segment s, Map<FieldDescriptor, List<Occurrence>> fields) {
    Reader r = new Reader(s.buf(), s.start(), s.end());
    while (r.pos < r.end) {
      long tag = r.varint();
      int number = (int) (tag >>> 3);
      int wireType = (int) (tag & 7);
      Occurrence o = switch (wireType) {
        case 0 -> new Occurrence(s.buf(), 0, r.varint(), 0, 0);
        case 1 -> new Occurrence(s.buf(), 1, r.fixed64(), 0, 0);
        case 5 -> new Occurrence(s.buf(), 5, r.fixed32(), 0, 0);
        case 2 -> {
          int length = r.length();
          int start = r.pos;
          r.pos += length;
          yield new Occurrence(s.buf(), 2, 0, start, start + length);
        }
        default -> throw new IllegalStateException("unsupported protobuf wire type " + wireType);
      };
      FieldDescriptor f = type.findFieldByNumber(number);
      if (f != null) {
        fields.computeIfAbsent(f, k -> new ArrayList<>(4)).add(o);
      }
    }
  }

  /** A singular field's value: the last occurrence, or for a message all of them merged. */
  private void value(FieldDescriptor f, List<Occurrence> occurrences) {
    if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      List<Segment> segments = new ArrayList<>(occurrences.size());
      for (Occurrence o : occurrences) {
        segments.add(new Segment(o.buf(), o.start(), o.end()));
      }
      message(f.getMessageType(), segments);
      return;
    }
    Occurrence o = occurrences.get(occurrences.size() - 1);
    switch (f.getType()) {
      case STRING -> out.value(new String(o.buf(), o.start(), o.end() - o.start(), StandardCharsets.UTF_8));
      case BYTES -> bytes(f, o.buf(), o.start(), o.end());
      default -> scalar(f, o.value());
    }
  }

  /** A packed repeated scalar: each value in the range. */
  private void packed(FieldDescriptor f, Occurrence o) {
    Reader r = new Reader(o.buf(), o.start(), o.end());
    while (r.pos < r.end) {
      long v = switch (f.getType()) {
        case DOUBLE, FIXED64, SFIXED64 -> r.fixed64();
        case FLOAT, FIXED32, SFIXED32 -> r.fixed32();
        default -> r.varint();
      };
      scalar(f, v);
    }
  }

  private void scalar(FieldDescriptor f, long v) {
    switch (f.getType()) {
      case DOUBLE -> number(Double.longBitsToDouble(v));
      case FLOAT -> number(Float.intBitsToFloat((int) v));
      case INT64, SFIXED64 -> out.asciiValue(Long.toString(v));
      case SINT64 -> out.asciiValue(Long.toString((v >>> 1) ^ -(v & 1)));
      case UINT64, FIXED64 -> out.asciiValue(Long.toUnsignedString(v));
      case INT32, SFIXED32, ENUM -> out.value((int) v);
      case SINT32 -> out.value((int) ((v >>> 1) ^ -(v & 1)));
      case UINT32, FIXED32 -> out.value(v & 0xffff_ffffL);
      case BOOL -> out.value(v != 0);
      default -> throw new IllegalStateException("unexpected field type " + f.getType() + " of " + f.getFullName());
    }
  }

  private void number(double d) {
    if (Double.isNaN(d)) {
      out.asciiValue("NaN");
    } else if (Double.isInfinite(d)) {
      out.asciiValue(d > 0 ? "Infinity" : "-Infinity");
    } else {
      out.value(d);
    }
  }

  private void bytes(FieldDescriptor f, byte[] buf, int start, int end) {
    String n = f.getName();
    if (n.equals("trace_id") || n.equals("span_id") || n.equals("parent_span_id")) {
      char[] hex = new char[(end - start) * 2];
      for (int i = start, j = 0; i < end; i++) {
        hex[j++] = HEX[(buf[i] >> 4) & 0xf];
        hex[j++] = HEX[buf[i] & 0xf];
      }
      out.asciiValue(java.nio.CharBuffer.wrap(hex));
    } else {
      byte[] slice = java.util.Arrays.copyOfRange(buf, start, end);
      out.asciiValue(Base64.getEncoder().encodeToString(slice));
    }
  }

  /** Reads protobuf's wire primitives from a range; the bytes were validated when they arrived. */
  private static final class Reader {
    final byte[] buf;
    final int end;
    int pos;

    Reader(byte[] buf, int start, int end) {
      this.buf = buf;
      this.pos = start;
      this.end = end;
    }

    long varint() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = next();
        result |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return result;
        }
      }
      throw new IllegalStateException("malformed varint");
    }

    int length() {
      long n = varint();
      if (n < 0 || n > end - pos) {
        throw new IllegalStateException("length " + n + " past the end of the message");
      }
      return (int) n;
    }

    long fixed64() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v |= (long) (next() & 0xff) << (8 * i);
      }
      return v;
    }

    long fixed32() {
      long v = 0;
      for (int i = 0; i < 4; i++) {
        v |= (long) (next() & 0xff) << (8 * i);
      }
      return v;
    }

    private byte next() {
      if (pos >= end) {
        throw new IllegalStateException("message truncated");
      }
      return buf[pos++];
    }
  }
}
