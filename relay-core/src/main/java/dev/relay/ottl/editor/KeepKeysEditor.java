package dev.relay.ottl.editor;

import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Statement;
import java.util.HashSet;
import java.util.Set;

/** {@code keep_keys(map, [keys])}. */
final class KeepKeysEditor extends MapEditor {
  KeepKeysEditor() {
    super("keep_keys", 2, "target", "keys");
  }

  @Override
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    Set<String> keys = new HashSet<>(args.literalStrings(1, "the keys"));
    return onMap(args, (ctx, entries) -> filter(entries, keys::contains));
  }
}
