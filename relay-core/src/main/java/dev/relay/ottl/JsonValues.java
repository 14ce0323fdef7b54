package dev.relay.ottl;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;

/**
 * JSON text to OTLP values, as {@code ParseJSON} reads it in the Collector (Go's encoding/json into {@code any},
 * then pdata's FromRaw): objects become maps, arrays lists, every number a double, null an empty value.
 */
final class JsonValues {
  static final int MAX_DEPTH = 100;

  private final String in;
  private int pos;

  private JsonValues(String in) {
    this.in = in;
  }

  /** The value of the whole text; fails (OttlRuntimeException) on anything that is not exactly one JSON value. */
  static AnyValue parse(String json) {
    JsonValues p = new JsonValues(json);
    AnyValue v = p.value(0);
    p.skipSpace();
    if (p.pos != json.length()) {
      throw p.error("unexpected text after the value");
    }
    return v;
  }

  private AnyValue value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested more than " + MAX_DEPTH + " deep");
    }
    skipSpace();
    if (pos >= in.length()) {
      throw error("unexpected end of JSON input");
    }
    char c = in.charAt(pos);
    switch (c) {
      case '{': {
        pos++;
        KeyValueList.Builder m = KeyValueList.newBuilder();
        skipSpace();
        if (peek() == '}') {
          pos++;
          return AnyValue.newBuilder().setKvlistValue(m).build();
        }
        while (true) {
          skipSpace();
          if (peek() != '"') {
            throw error("expected a string key");
          }
          String key = string();
          skipSpace();
          expect(':');
          AnyValue v = value(depth + 1);
          // Go's map keeps the last of duplicate keys
          int at = -1;
          for (int i = 0; i < m.getValuesCount(); i++) {
            if (m.getValues(i).getKey().equals(key)) {
              at = i;
            }
          }
          KeyValue kv = KeyValue.newBuilder().setKey(key).setValue(v).build();
          if (at >= 0) {
            m.setValues(at, kv);
          } else {
            m.addValues(kv);
          }
          skipSpace();
          if (peek() == ',') {
            pos++;
            continue;
          }
          expect('}');
          return AnyValue.newBuilder().setKvlistValue(m).build();
        }
      }
      case '[': {
        pos++;
        ArrayValue.Builder a = ArrayValue.newBuilder();
        skipSpace();
        if (peek() == ']') {
          pos++;
          return AnyValue.newBuilder().setArrayValue(a).build();
        }
        while (true) {
          a.addValues(value(depth + 1));
          skipSpace();
          if (peek() == ',') {
            pos++;
            continue;
          }
          expect(']');
          return AnyValue.newBuilder().setArrayValue(a).build();
        }
      }
      case '"':
        return AnyValue.newBuilder().setStringValue(string()).build();
      case 't':
        word("true");
        return AnyValue.newBuilder().setBoolValue(true).build();
      case 'f':
        word("false");
        return AnyValue.newBuilder().setBoolValue(false).build();
      case 'n':
        word("null");
        return AnyValue.getDefaultInstance();
      default:
        return AnyValue.newBuilder().setDoubleValue(number()).build();
    }
  }

  private double number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int digits = pos;
    while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
      pos++;
    }
    if (pos == digits || (in.charAt(digits) == '0' && pos - digits > 1)) {
      throw error("invalid number");
    }
    if (peek() == '.') {
      pos++;
      int frac = pos;
      while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
        pos++;
      }
      if (pos == frac) {
        throw error("invalid number");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      int exp = pos;
      while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
        pos++;
      }
      if (pos == exp) {
        throw error("invalid number");
      }
    }
    return Double.parseDouble(in.substring(start, pos));
  }

  private String string() {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (pos < in.length()) {
      char c = in.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = pos < in.length() ? in.charAt(pos++) : 0;
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > in.length()) {
            throw error("invalid \\u escape");
          }
          try {
            sb.append((char) Integer.parseInt(in.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("invalid \\u escape");
          }
          pos += 4;
        }
        default -> throw error("invalid escape");
      }
    }
    throw error("unterminated string");
  }

  private void word(String w) {
    if (!in.startsWith(w, pos)) {
      throw error("invalid literal");
    }
    pos += w.length();
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() {
    return pos < in.length() ? in.charAt(pos) : 0;
  }

  private void skipSpace() {
    while (pos < in.length() && " \t\r\n".indexOf(in.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private OttlRuntimeException error(String message) {
    return new OttlRuntimeException("ParseJSON: " + message + " at offset " + pos);
  }
}
