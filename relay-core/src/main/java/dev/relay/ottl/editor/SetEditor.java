package dev.relay.ottl.editor;

import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Setter;
import dev.relay.ottl.Statement;

/** {@code set(target, value)}: writes value; a nil value changes nothing. */
final class SetEditor extends EditorBase {
  SetEditor() {
    super("set", 2, "target", "value");
  }

  @Override
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    Setter<T> target = args.setter(0);
    Getter<T> value = args.getter(1);
    Object constant = args.literal(1);
    if (constant != null) {
      Setter<T> prepared = target.withConstant(constant);
      return ctx -> prepared.set(ctx, constant);
    }
    return ctx -> {
      Object v = value.get(ctx);
      if (v != null) {
        target.set(ctx, v);
      }
    };
  }
}
