package dev.relay.ottl.editor;

import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Statement;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code limit(map, n, [priority keys])}: keeps at most n entries, priority keys first, then the others in their
 * order (the Collector drops arbitrary ones; keeping the earliest makes the result deterministic).
 */
final class LimitEditor extends MapEditor {
  LimitEditor() {
    super("limit", 3, "target", "limit", "priority_keys");
  }

  @Override
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    long limit = args.literalInt(1, "the limit");
    if (limit < 0) {
      throw new OttlException("limit: the limit must not be negative");
    }
    Set<String> priority = new LinkedHashSet<>(args.literalStrings(2, "the priority keys"));
    if (priority.size() > limit) {
      throw new OttlException("limit: more priority keys (" + priority.size() + ") than the limit (" + limit + ")");
    }
    return onMap(args, (ctx, entries) -> {
      if (entries.size() <= limit) {
        return null;
      }
      long othersAllowed = limit;
      for (KeyValue kv : entries) {
        if (priority.contains(kv.getKey())) {
          othersAllowed--;
        }
      }
      List<KeyValue> out = new ArrayList<>((int) limit);
      long others = 0;
      for (KeyValue kv : entries) {
        if (priority.contains(kv.getKey())) {
          out.add(kv);
        } else if (others < othersAllowed) {
          out.add(kv);
          others++;
        }
      }
      return out;
    });
  }
}
