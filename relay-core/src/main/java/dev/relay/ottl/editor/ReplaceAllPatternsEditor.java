package dev.relay.ottl.editor;

import com.google.re2j.Pattern;
import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Statement;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;

/** {@code replace_all_patterns(map, "key"|"value", regex, replacement[, function[, format]])}. */
final class ReplaceAllPatternsEditor extends MapEditor {
  ReplaceAllPatternsEditor() {
    super("replace_all_patterns", 4, "target", "mode", "regex", "replacement", "function", "replacementFormat");
  }

  @Override
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    String mode = args.literalString(1, "the mode");
    if (!mode.equals("key") && !mode.equals("value")) {
      throw new OttlException("replace_all_patterns: the mode must be \"key\" or \"value\", not \"" + mode + "\"");
    }
    Pattern p = args.regex(2);
    Replacement r = Replacement.of(args, 3);
    boolean keys = mode.equals("key");
    return onMap(args, (ctx, entries) -> {
      List<KeyValue> out = null;
      for (int i = 0; i < entries.size(); i++) {
        KeyValue kv = entries.get(i);
        KeyValue changed = null;
        if (keys) {
          String k = r.replaceAll(p, kv.getKey());
          if (!k.equals(kv.getKey())) {
            changed = kv.toBuilder().setKey(k).build();
          }
        } else if (kv.getValue().hasStringValue()) {
          String v = r.replaceAll(p, kv.getValue().getStringValue());
          if (!v.equals(kv.getValue().getStringValue())) {
            changed = kv.toBuilder().setValue(AnyValue.newBuilder().setStringValue(v)).build();
          }
        }
        if (changed != null && out == null) {
          out = new ArrayList<>(entries);
        }
        if (changed != null) {
          out.set(i, changed);
        }
      }
      return out;
    });
  }
}
