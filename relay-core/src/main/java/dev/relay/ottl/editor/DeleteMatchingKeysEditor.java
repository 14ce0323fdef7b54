package dev.relay.ottl.editor;

import com.google.re2j.Pattern;
import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Regexes;
import dev.relay.ottl.Statement;

/** {@code delete_matching_keys(map, regex)}. */
final class DeleteMatchingKeysEditor extends MapEditor {
  DeleteMatchingKeysEditor() {
    super("delete_matching_keys", 2, "target", "pattern");
  }

  @Override
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    Pattern p = args.regex(1);
    return onMap(args, (ctx, entries) -> filter(entries, k -> !Regexes.find(p, k)));
  }
}
