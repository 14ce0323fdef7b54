package dev.relay.ottl.editor;

import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Statement;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code flatten(target[, prefix[, depth[, resolveConflicts]]])} (func_flatten.go): nested maps' entries move to the
 * root as {@code outer.inner}, list items as {@code key.0}, {@code key.1}, down to {@code depth} levels (0: none).
 * With {@code resolveConflicts}, a key met again gets {@code .0}, {@code .1}, ... in the order met, list items
 * included; without, the later value wins.
 */
final class FlattenEditor extends MapEditor {
  FlattenEditor() {
    super("flatten", 1, "target", "prefix", "depth", "resolveConflicts");
  }

  @Override
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    String prefix = args.has(1) ? args.literalString(1, "the prefix") : "";
    long depth = args.has(2) ? args.literalInt(2, "the depth") : Long.MAX_VALUE;
    if (depth < 0) {
      throw new OttlException("invalid depth for flatten function, " + depth + " cannot be negative");
    }
    boolean conflicts = args.literalBool(3, false, "resolveConflicts");
    return onMap(args, (ctx, entries) -> {
      Flattened out = new Flattened(conflicts);
      flatten(entries, prefix, 0, depth, out);
      return out.entries;
    });
  }

  private static void flatten(List<KeyValue> map, String prefix, long level, long depth, Flattened out) {
    String p = prefix.isEmpty() ? "" : prefix + ".";
    for (KeyValue kv : map) {
      String key = p + kv.getKey();
      AnyValue v = kv.getValue();
      if (v.hasKvlistValue() && level < depth) {
        flatten(v.getKvlistValue().getValuesList(), key, level + 1, depth, out);
      } else if (v.hasArrayValue() && level < depth) {
        List<AnyValue> items = v.getArrayValue().getValuesList();
        for (int i = 0; i < items.size(); i++) {
          if (out.conflicts) {
            out.put(key, items.get(i));
          } else {
            out.put(key + "." + i, items.get(i));
          }
        }
      } else {
        out.put(key, v);
      }
    }
  }

  /** The flat map being built: later values replace earlier ones, or get a numbered key when resolving. */
  private static final class Flattened {
    final boolean conflicts;
    final List<KeyValue> entries = new ArrayList<>();
    final Map<String, Integer> index = new HashMap<>();
    final Map<String, Integer> seen = new HashMap<>();

    Flattened(boolean conflicts) {
      this.conflicts = conflicts;
    }

    void put(String key, AnyValue v) {
      if (conflicts) {
        Integer n = seen.get(key);
        seen.put(key, n == null ? 0 : n + 1);
        if (n != null) {
          key = key + "." + n;
        }
      }
      KeyValue kv = KeyValue.newBuilder().setKey(key).setValue(v).build();
      Integer at = index.get(key);
      if (at != null) {
        entries.set(at, kv);
      } else {
        index.put(key, entries.size());
        entries.add(kv);
      }
    }
  }
}
