package dev.relay.ottl.editor;

import dev.relay.json.JsonWriter;
import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Statement;
import dev.relay.ottl.ValueJson;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code stringify_all(target)}: every value of the map that is not a string becomes one, as pdata's
 * {@code AsString} prints it: numbers plainly, bools, bytes as base64, maps and lists as JSON, empty as "".
 */
final class StringifyAllEditor extends MapEditor {
  StringifyAllEditor() {
    super("stringify_all", 1, "target");
  }

  @Override
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    return onMap(args, (ctx, entries) -> {
      List<KeyValue> out = null;
      for (int i = 0; i < entries.size(); i++) {
        AnyValue v = entries.get(i).getValue();
        if (v.hasStringValue()) {
          continue;
        }
        if (out == null) {
          out = new ArrayList<>(entries);
        }
        out.set(i, entries.get(i).toBuilder().setValue(AnyValue.newBuilder().setStringValue(text(v))).build());
      }
      return out;
    });
  }

  static String text(AnyValue v) {
    return switch (v.getValueCase()) {
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> plain(v.getDoubleValue());
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case KVLIST_VALUE, ARRAY_VALUE -> {
        JsonWriter w = new JsonWriter(64);
        ValueJson.any(w, v);
        yield w.toString();
      }
      default -> "";
    };
  }

  /** Go's {@code strconv.FormatFloat(f, 'f', -1, 64)}: the shortest digits, never an exponent. */
  static String plain(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    String s = new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    return s.equals("-0") ? "-0" : s;
  }
}
