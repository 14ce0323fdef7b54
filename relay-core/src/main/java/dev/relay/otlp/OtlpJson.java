package dev.relay.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Reads OTLP JSON (the OTLP specification's "JSON Protobuf Encoding") into a protobuf builder, in one pass over the
 * bytes, driven by the message descriptors, so one reader serves every signal. Differences from protobuf's
 * canonical JSON mapping, as the specification requires: {@code traceId}, {@code spanId} and {@code parentSpanId}
 * are hex, not base64; enums are integers (names are accepted too); keys may be lowerCamelCase or the original
 * snake_case names; unknown keys are ignored. 64-bit integers may be numbers or decimal strings, and other bytes
 * fields are base64. A {@code null} value leaves the field unset. Nesting deeper than {@value #MAX_DEPTH} levels is
 * refused (as protobuf's parser refuses it), so a hostile body cannot exhaust the stack.
 *
 * <p>This is only for OTLP/HTTP JSON bodies; the protobuf paths never touch it.
 */
public final class OtlpJson {
  static final int MAX_DEPTH = 100;
  private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS = new ConcurrentHashMap<>();
  private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");
  private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final byte[] in;
  private int pos;

  private OtlpJson(byte[] in) {
    this.in = in;
  }

  /** Merges the JSON object in {@code json} (UTF-8) into {@code builder} and returns the builder. */
  public static <B extends Message.Builder> B merge(byte[] json, B builder) throws OtlpJsonException {
    OtlpJson p = new OtlpJson(json);
    p.skipWhitespace();
    if (p.pos >= json.length) {
      throw new OtlpJsonException("malformed OTLP JSON: the body is empty; expected a JSON object");
    }
    p.message(builder, 0);
    p.skipWhitespace();
    if (p.pos < json.length) {
      throw p.error("unexpected content after the top-level object");
    }
    return builder;
  }

  private static Map<String, FieldDescriptor> fields(Descriptor d) {
    return FIELDS.computeIfAbsent(d, k -> {
      Map<String, FieldDescriptor> m = new HashMap<>();
      for (FieldDescriptor f : k.getFields()) {
        m.put(f.getName(), f);
        m.put(f.getJsonName(), f);
      }
      return Map.copyOf(m);
    });
  }

  private void message(Message.Builder b, int depth) throws OtlpJsonException {
    if (depth >= MAX_DEPTH) {
      throw error("nested too deeply (more than " + MAX_DEPTH + " levels)");
    }
    expect('{');
    Map<String, FieldDescriptor> fields = fields(b.getDescriptorForType());
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return;
    }
    while (true) {
      skipWhitespace();
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      FieldDescriptor f = fields.get(key);
      if (f == null) {
        skipValue(depth + 1);
      } else if (peek() == 'n') {
        literal("null");
      } else if (f.isRepeated()) {
        expect('[');
        skipWhitespace();
        if (peek() == ']') {
          pos++;
        } else {
          while (true) {
            skipWhitespace();
            b.addRepeatedField(f, value(b, f, depth));
            skipWhitespace();
            if (next() == ']') {
              break;
            }
            pos--;
            expect(',');
          }
        }
      } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        Message.Builder sub = b.newBuilderForField(f);
        if (b.hasField(f)) {
          sub.mergeFrom((Message) b.getField(f));
        }
        message(sub, depth + 1);
        b.setField(f, sub.build());
      } else {
        b.setField(f, value(b, f, depth));
      }
      skipWhitespace();
      int c = next();
      if (c == '}') {
        return;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  /** One value of field {@code f} (an element, for a repeated field). */
  private Object value(Message.Builder b, FieldDescriptor f, int depth) throws OtlpJsonException {
    int start = pos;
    switch (f.getJavaType()) {
      case MESSAGE -> {
        Message.Builder sub = b.newBuilderForField(f);
        message(sub, depth + 1);
        return sub.build();
      }
      case STRING -> {
        return string();
      }
      case BOOLEAN -> {
        if (peek() == 't') {
          literal("true");
          return true;
        }
        literal("false");
        return false;
      }
      case BYTE_STRING -> {
        String s = string();
        return isId(f) ? hex(s, start, f) : base64(s, start, f);
      }
      case ENUM -> {
        if (peek() == '"') {
          String name = string();
          EnumValueDescriptor v = f.getEnumType().findValueByName(name);
          if (v == null) {
            try {
              return f.getEnumType().findValueByNumberCreatingIfUnknown(Integer.parseInt(name));
            } catch (NumberFormatException e) {
              throw errorAt(start, "'" + name + "' is not a value of " + f.getEnumType().getName() + " ("
                  + f.getJsonName() + ")");
            }
          }
          return v;
        }
        return f.getEnumType().findValueByNumberCreatingIfUnknown((int) integer(f, start, Integer.MIN_VALUE,
            Integer.MAX_VALUE));
      }
      case INT -> {
        boolean unsigned = f.getType() == FieldDescriptor.Type.UINT32 || f.getType() == FieldDescriptor.Type.FIXED32;
        return unsigned ? (int) integer(f, start, 0, 0xFFFF_FFFFL)
            : (int) integer(f, start, Integer.MIN_VALUE, Integer.MAX_VALUE);
      }
      case LONG -> {
        boolean unsigned = f.getType() == FieldDescriptor.Type.UINT64 || f.getType() == FieldDescriptor.Type.FIXED64;
        return unsigned ? unsigned64(f, start) : integer(f, start, Long.MIN_VALUE, Long.MAX_VALUE);
      }
      case DOUBLE -> {
        return floating(f, start);
      }
      case FLOAT -> {
        return (float) floating(f, start);
      }
      default -> throw errorAt(start, "unsupported field type " + f.getType());
    }
  }

  private static boolean isId(FieldDescriptor f) {
    String n = f.getName();
    return n.equals("trace_id") || n.equals("span_id") || n.equals("parent_span_id");
  }

  private ByteString hex(String s, int start, FieldDescriptor f) throws OtlpJsonException {
    if (s.length() % 2 != 0) {
      throw errorAt(start, f.getJsonName() + " must be hex digits, two per byte: '" + s + "'");
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(s.charAt(2 * i), 16);
      int lo = Character.digit(s.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw errorAt(start, f.getJsonName() + " must be hex digits, two per byte: '" + s + "'");
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return ByteString.copyFrom(out);
  }

  private ByteString base64(String s, int start, FieldDescriptor f) throws OtlpJsonException {
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(s));
    } catch (IllegalArgumentException e) {
      try {
        return ByteString.copyFrom(Base64.getUrlDecoder().decode(s));
      } catch (IllegalArgumentException e2) {
        throw errorAt(start, f.getJsonName() + " is not base64");
      }
    }
  }

  /** A number, or a string holding one, as the JSON mapping allows for every integer type. */
  private String numberText() throws OtlpJsonException {
    if (peek() == '"') {
      return string().trim();
    }
    int start = pos;
    while (pos < in.length) {
      byte c = in[pos];
      if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
        pos++;
      } else {
        break;
      }
    }
    if (start == pos) {
      throw error("expected a number");
    }
    return new String(in, start, pos - start, StandardCharsets.US_ASCII);
  }

  private long integer(FieldDescriptor f, int start, long min, long max) throws OtlpJsonException {
    String text = numberText();
    BigInteger v = integral(text, f, start);
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw errorAt(start, f.getJsonName() + " is out of range: " + text);
    }
    return v.longValue();
  }

  private long unsigned64(FieldDescriptor f, int start) throws OtlpJsonException {
    String text = numberText();
    BigInteger v = integral(text, f, start);
    if (v.signum() < 0 || v.compareTo(MAX_UINT64) > 0) {
      throw errorAt(start, f.getJsonName() + " is out of range: " + text);
    }
    return v.longValue();
  }

  private BigInteger integral(String text, FieldDescriptor f, int start) throws OtlpJsonException {
    try {
      if (text.length() <= 18 && text.chars().allMatch(c -> c == '-' || (c >= '0' && c <= '9'))) {
        return BigInteger.valueOf(Long.parseLong(text));
      }
      if (text.length() > 64 || !NUMBER.matcher(text).matches()) {
        throw new NumberFormatException();
      }
      // Stripped first, so an exponent such as 1e-999999999 never makes BigDecimal compute a huge power of ten.
      BigDecimal d = new BigDecimal(text).stripTrailingZeros();
      if (d.scale() > 0) {
        throw new ArithmeticException();
      }
      if (d.precision() - d.scale() > 20) {
        throw errorAt(start, f.getJsonName() + " is out of range: " + text);
      }
      return d.toBigIntegerExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw errorAt(start, f.getJsonName() + " must be a whole number, found '" + text + "'");
    }
  }

  private double floating(FieldDescriptor f, int start) throws OtlpJsonException {
    String text = numberText();
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    try {
      if (text.length() > 64 || !NUMBER.matcher(text).matches()) {
        throw new NumberFormatException();
      }
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw errorAt(start, f.getJsonName() + " must be a number, found '" + text + "'");
    }
  }

  /** Skips any JSON value, checking its syntax. */
  private void skipValue(int depth) throws OtlpJsonException {
    if (depth >= MAX_DEPTH) {
      throw error("nested too deeply (more than " + MAX_DEPTH + " levels)");
    }
    int c = peek();
    switch (c) {
      case '{' -> {
        pos++;
        skipWhitespace();
        if (peek() == '}') {
          pos++;
          return;
        }
        while (true) {
          skipWhitespace();
          string();
          skipWhitespace();
          expect(':');
          skipWhitespace();
          skipValue(depth + 1);
          skipWhitespace();
          int d = next();
          if (d == '}') {
            return;
          }
          if (d != ',') {
            pos--;
            throw error("expected ',' or '}'");
          }
        }
      }
      case '[' -> {
        pos++;
        skipWhitespace();
        if (peek() == ']') {
          pos++;
          return;
        }
        while (true) {
          skipWhitespace();
          skipValue(depth + 1);
          skipWhitespace();
          int d = next();
          if (d == ']') {
            return;
          }
          if (d != ',') {
            pos--;
            throw error("expected ',' or ']'");
          }
        }
      }
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        String text = numberText();
        if (!NUMBER.matcher(text).matches()) {
          throw error("malformed number '" + text + "'");
        }
      }
    }
  }

  private String string() throws OtlpJsonException {
    expect('"');
    int start = pos;
    StringBuilder sb = null;
    while (true) {
      if (pos >= in.length) {
        throw error("unterminated string");
      }
      byte c = in[pos];
      if (c == '"') {
        String s = chunk(start, pos);
        pos++;
        return sb == null ? s : sb.append(s).toString();
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(chunk(start, pos));
        pos++;
        int e = next();
        switch (e) {
          case '"' -> sb.append('"');
          case '\\' -> sb.append('\\');
          case '/' -> sb.append('/');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (pos + 4 > in.length) {
              throw error("truncated \\u escape");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
              int d = Character.digit(in[pos++], 16);
              if (d < 0) {
                throw error("bad \\u escape");
              }
              v = v << 4 | d;
            }
            sb.append((char) v);
          }
          default -> {
            pos--;
            throw error("bad escape in a string");
          }
        }
        start = pos;
        continue;
      }
      if ((c & 0xff) < 0x20) {
        throw error("control character in a string");
      }
      pos++;
    }
  }

  private String chunk(int start, int end) throws OtlpJsonException {
    if (!WireValidator.isUtf8(in, start, end)) {
      throw errorAt(start, "invalid UTF-8 in a string");
    }
    return new String(in, start, end - start, StandardCharsets.UTF_8);
  }

  private void literal(String word) throws OtlpJsonException {
    for (int i = 0; i < word.length(); i++) {
      if (pos >= in.length || in[pos] != word.charAt(i)) {
        throw error("expected " + word);
      }
      pos++;
    }
  }

  private void skipWhitespace() {
    while (pos < in.length) {
      byte c = in[pos];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        pos++;
      } else {
        return;
      }
    }
  }

  private int peek() throws OtlpJsonException {
    if (pos >= in.length) {
      throw error("unexpected end of the body");
    }
    return in[pos];
  }

  private int next() throws OtlpJsonException {
    int c = peek();
    pos++;
    return c;
  }

  private void expect(char c) throws OtlpJsonException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private OtlpJsonException error(String message) {
    return errorAt(pos, message);
  }

  private OtlpJsonException errorAt(int at, String message) {
    return new OtlpJsonException("malformed OTLP JSON at byte " + at + ": " + message);
  }
}
