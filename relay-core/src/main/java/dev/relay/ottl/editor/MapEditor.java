package dev.relay.ottl.editor;

import dev.relay.ottl.AttributeMap;
import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.ottl.Setter;
import dev.relay.ottl.Statement;
import dev.relay.otlp.KeyedAttributes;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Rewrites a map target through {@code f}; the map is written back only when {@code f} changed it. */
abstract class MapEditor extends EditorBase {
  MapEditor(String name, int required, String... params) {
    super(name, required, params);
  }

  interface Rewrite<T> {
    /** The new entries, or null when nothing changes. */
    List<KeyValue> apply(T ctx, List<KeyValue> entries);
  }

  <T> Statement.Action<T> onMap(EditorArgs<T> args, Rewrite<T> f) throws OttlException {
    Getter<T> get = args.getter(0);
    Setter<T> set = args.setter(0);
    return ctx -> {
      AttributeMap map = requireMap(name(), get.get(ctx));
      List<KeyValue> out = f.apply(ctx, map.entries());
      if (out != null) {
        set.set(ctx, new AttributeMap(out));
      }
    };
  }

  static AttributeMap requireMap(String editor, Object v) {
    if (v instanceof AttributeMap m) {
      return m;
    }
    throw new OttlRuntimeException(
        editor + " expects a map, got " + (v == null ? "nil" : v.getClass().getSimpleName()));
  }

  /** The entries whose keys {@code keep} accepts, or null when that is all of them. */
  static List<KeyValue> filter(List<KeyValue> in, Predicate<String> keep) {
    List<KeyValue> out = null;
    for (int i = 0; i < in.size(); i++) {
      // keys only: an entry still in the request's bytes is not decoded to be passed over
      boolean k = keep.test(KeyedAttributes.keyAt(in, i));
      if (!k && out == null) {
        out = new ArrayList<>(in.subList(0, i));
      } else if (k && out != null) {
        out.add(in.get(i));
      }
    }
    return out;
  }
}
