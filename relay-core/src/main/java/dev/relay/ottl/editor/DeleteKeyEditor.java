package dev.relay.ottl.editor;

import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Statement;
import dev.relay.otlp.KeyedAttributes;

/** {@code delete_key(map, key)}. */
final class DeleteKeyEditor extends MapEditor {
  DeleteKeyEditor() {
    super("delete_key", 2, "target", "key");
  }

  @Override
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    String key = args.literalString(1, "the key");
    // Most maps do not have the key: find that out without looking at (or decoding) every entry's key.
    return onMap(args, (ctx, entries) -> KeyedAttributes.indexOfKey(entries, key) < 0
        ? null
        : filter(entries, k -> !k.equals(key)));
  }
}
