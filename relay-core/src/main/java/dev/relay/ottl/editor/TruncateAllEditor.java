package dev.relay.ottl.editor;

import dev.relay.ottl.Converters;
import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Statement;
import dev.relay.otlp.KeyedAttributes;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code truncate_all(map, limit[, utf8_safe[, truncation_marker]])}: string values longer than {@code limit}
 * UTF-8 bytes are cut to it (the marker counting against it); utf8_safe (default true) never splits a character.
 */
final class TruncateAllEditor extends MapEditor {
  TruncateAllEditor() {
    super("truncate_all", 2, "target", "limit", "utf8_safe", "truncation_marker");
  }

  @Override
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    long limit = args.literalInt(1, "the limit");
    if (limit < 0) {
      throw new OttlException("truncate_all: the limit must not be negative");
    }
    boolean safe = args.literalBool(2, true, "utf8_safe");
    String marker = args.has(3) ? args.literalString(3, "the truncation marker") : "";
    byte[] markerBytes = marker.getBytes(StandardCharsets.UTF_8);
    if (markerBytes.length > limit) {
      throw new OttlException("truncate_all: the truncation marker is longer than the limit");
    }
    return onMap(args, (ctx, entries) -> {
      List<KeyValue> out = null;
      for (int i = 0; i < entries.size(); i++) {
        if (KeyedAttributes.valueSizeBound(entries, i) <= limit) {
          continue; // short enough without decoding it
        }
        KeyValue kv = entries.get(i);
        if (!kv.getValue().hasStringValue()) {
          continue;
        }
        String s = kv.getValue().getStringValue();
        if (Converters.utf8Length(s) <= limit) {
          continue;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int cut = (int) (limit - markerBytes.length);
        if (safe) {
          while (cut > 0 && (b[cut] & 0xc0) == 0x80) {
            cut--;
          }
        }
        String truncated = new String(b, 0, cut, StandardCharsets.UTF_8) + marker;
        if (out == null) {
          out = new ArrayList<>(entries);
        }
        out.set(i, kv.toBuilder().setValue(AnyValue.newBuilder().setStringValue(truncated)).build());
      }
      return out;
    });
  }
}
