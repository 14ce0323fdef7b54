package dev.relay.ottl.editor;

import dev.relay.ottl.AttributeList;
import dev.relay.ottl.AttributeMap;
import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.ottl.Setter;
import dev.relay.ottl.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code append(target[, value][, values])} (func_append.go): the target becomes a list of what it held (a list's
 * items, or the one value; nothing when nil) followed by {@code value} and then each of {@code values}. A map
 * target fails.
 */
final class AppendEditor extends EditorBase {
  AppendEditor() {
    super("append", 1, "target", "value", "values");
  }

  @Override
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    if (!args.has(1) && !args.has(2)) {
      throw new OttlException("append: at least one of the optional arguments ('value' or 'values') must be"
          + " provided");
    }
    Getter<T> target = args.getter(0);
    Setter<T> set = args.setter(0);
    Getter<T> value = args.has(1) ? args.getter(1) : null;
    Getter<T> values = args.has(2) ? args.getter(2) : null;
    return ctx -> {
      Object current = target.get(ctx);
      List<Object> out = new ArrayList<>();
      if (current instanceof AttributeList l) {
        for (int i = 0; i < l.items().size(); i++) {
          out.add(l.get(i));
        }
      } else if (current instanceof List<?> l) {
        out.addAll(l);
      } else if (current instanceof AttributeMap) {
        throw new OttlRuntimeException("append: unsupported type of target field: map");
      } else if (current != null) {
        out.add(current);
      }
      if (value != null) {
        out.add(value.get(ctx));
      }
      if (values != null) {
        Object vs = values.get(ctx);
        if (vs instanceof AttributeList l) {
          for (int i = 0; i < l.items().size(); i++) {
            out.add(l.get(i));
          }
        } else if (vs instanceof List<?> l) {
          out.addAll(l);
        } else {
          throw new OttlRuntimeException("append: values must be a list");
        }
      }
      set.set(ctx, Collections.unmodifiableList(out));
    };
  }
}
