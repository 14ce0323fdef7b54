package dev.relay.attraction;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

/**
 * {@code hash}: replaces the value of the attribute named {@code key}, then of every attribute whose key matches
 * {@code pattern}, with its SHA-256 ({@link Hashing}). As in the Collector, one that is both named and matched is
 * hashed twice.
 */
final class HashAction implements Action {
  private final KeySelection keys;

  HashAction(KeySelection keys) {
    this.keys = keys;
  }

  @Override
  public void apply(AttributeEditor attrs) {
    if (keys.key() != null) {
      int i = attrs.indexOf(keys.key());
      if (i >= 0) {
        hash(attrs, i);
      }
    }
    if (keys.pattern() != null && attrs.size() > 0) {
      boolean[] matched = new boolean[attrs.size()];
      if (keys.matching(attrs, matched)) {
        for (int i = 0; i < matched.length; i++) {
          if (matched[i]) {
            hash(attrs, i);
          }
        }
      }
    }
  }

  private static void hash(AttributeEditor attrs, int i) {
    KeyValue kv = attrs.entries().get(i);
    String hashed = Hashing.sha256Hex(kv.getValue());
    attrs.set(i, KeyValue.newBuilder().setKey(kv.getKey())
        .setValue(AnyValue.newBuilder().setStringValue(hashed)).build());
  }
}
