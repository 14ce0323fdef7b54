package dev.relay.ottl.context;

import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cache} path: a map each item starts empty, for statements to keep values between them. A context owns
 * one and clears it when it moves to the next item; an empty one costs nothing to clear.
 */
final class ScratchMap {
  private final ArrayList<KeyValue> entries = new ArrayList<>();

  void clear() {
    if (!entries.isEmpty()) {
      entries.clear();
    }
  }

  List<KeyValue> entries() {
    return entries;
  }

  int size() {
    return entries.size();
  }

  KeyValue get(int i) {
    return entries.get(i);
  }

  void set(int i, KeyValue kv) {
    entries.set(i, kv);
  }

  void add(KeyValue kv) {
    entries.add(kv);
  }

  void replaceAll(List<KeyValue> replacement) {
    List<KeyValue> copy = List.copyOf(replacement);
    entries.clear();
    entries.addAll(copy);
  }
}
