package dev.relay.ottl.editor;

import dev.relay.ottl.AttributeMap;
import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Statement;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;

/** {@code merge_maps(target, source, "insert"|"update"|"upsert")}. */
final class MergeMapsEditor extends MapEditor {
  MergeMapsEditor() {
    super("merge_maps", 3, "target", "source", "strategy");
  }

  @Override
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    Getter<T> source = args.getter(1);
    String strategy = args.literalString(2, "the strategy");
    if (!List.of("insert", "update", "upsert").contains(strategy)) {
      throw new OttlException("merge_maps: the strategy must be insert, update or upsert, not \"" + strategy + "\"");
    }
    return onMap(args, (ctx, entries) -> {
      Object src = source.get(ctx);
      if (src == null) {
        return null;
      }
      AttributeMap from = requireMap("merge_maps", src);
      List<KeyValue> out = new ArrayList<>(entries);
      for (KeyValue kv : from.entries()) {
        int at = -1;
        for (int i = 0; i < out.size(); i++) {
          if (out.get(i).getKey().equals(kv.getKey())) {
            at = i;
          }
        }
        if (at < 0 && !strategy.equals("update")) {
          out.add(kv);
        } else if (at >= 0 && !strategy.equals("insert")) {
          out.set(at, kv);
        }
      }
      return out;
    });
  }
}
