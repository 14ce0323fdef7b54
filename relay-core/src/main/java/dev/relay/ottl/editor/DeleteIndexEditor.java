package dev.relay.ottl.editor;

import dev.relay.ottl.AttributeList;
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
 * {@code delete_index(target, startIndex[, endIndex])} (func_delete_index.go): removes the list items from
 * {@code startIndex} up to, not including, {@code endIndex} (default {@code startIndex + 1}). Bounds outside the
 * list, or an end before the start, fail; deleting the whole list leaves it empty.
 */
final class DeleteIndexEditor extends EditorBase {
  DeleteIndexEditor() {
    super("delete_index", 2, "target", "startIndex", "endIndex");
  }

  @Override
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    Getter<T> target = args.getter(0);
    Setter<T> set = args.setter(0);
    Getter<T> start = args.getter(1);
    Getter<T> end = args.has(2) ? args.getter(2) : null;
    return ctx -> {
      List<Object> items = items(target.get(ctx));
      long from = integer(start.get(ctx), "startIndex");
      long to = end == null ? from + 1 : integer(end.get(ctx), "endIndex");
      long n = items.size();
      if (!(from == 0 && to == n)) {
        if (from < 0 || from >= n) {
          throw new OttlRuntimeException("delete_index: startIndex " + from + " out of bounds for slice of length "
              + n);
        }
        if (to < from) {
          throw new OttlRuntimeException("delete_index: endIndex " + to + " cannot be less than startIndex " + from);
        }
        if (to > n) {
          throw new OttlRuntimeException("delete_index: deletion range [" + from + ":" + to
              + "] out of bounds for slice of length " + n);
        }
      }
      List<Object> out = new ArrayList<>(items.subList(0, (int) from));
      out.addAll(items.subList((int) to, items.size()));
      set.set(ctx, Collections.unmodifiableList(out));
    };
  }

  private static List<Object> items(Object v) {
    List<Object> out = new ArrayList<>();
    if (v instanceof AttributeList l) {
      for (int i = 0; i < l.items().size(); i++) {
        out.add(l.get(i));
      }
      return out;
    }
    if (v instanceof List<?> l) {
      out.addAll(l);
      return out;
    }
    throw new OttlRuntimeException("delete_index expects a list, got "
        + (v == null ? "nil" : v.getClass().getSimpleName()));
  }

  private static long integer(Object v, String what) {
    if (v instanceof Long l) {
      return l;
    }
    throw new OttlRuntimeException("delete_index: " + what + " must be an int");
  }
}
