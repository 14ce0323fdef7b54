package dev.relay.ottl.editor;

import com.google.re2j.Pattern;
import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Statement;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code replace_all_matches(map, glob, replacement[, function[, replacementFormat]])} (func_replace_all_matches.go):
 * each string value the glob matches as a whole is replaced; other values are left alone.
 */
final class ReplaceAllMatchesEditor extends MapEditor {
  ReplaceAllMatchesEditor() {
    super("replace_all_matches", 3, "target", "pattern", "replacement", "function", "replacementFormat");
  }

  @Override
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    Pattern glob = GoGlob.compile(args.literalString(1, "the pattern"), name());
    Replacement r = Replacement.of(args, 2);
    String replaced = r.finish(r.template());
    AnyValue value = AnyValue.newBuilder().setStringValue(replaced).build();
    return onMap(args, (ctx, entries) -> {
      List<KeyValue> out = null;
      for (int i = 0; i < entries.size(); i++) {
        AnyValue v = entries.get(i).getValue();
        if (v.hasStringValue() && glob.matches(v.getStringValue())) {
          if (out == null) {
            out = new ArrayList<>(entries);
          }
          out.set(i, entries.get(i).toBuilder().setValue(value).build());
        }
      }
      return out;
    });
  }
}
