package dev.relay.otlp;

import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;

/**
 * A list of attributes that answers questions about keys and sizes without decoding its entries: what OTTL asks of
 * most attributes it passes over. The static helpers work on any list, asking it when it can answer.
 */
public interface KeyedAttributes {
  /** The key of entry {@code index}. */
  String keyAt(int index);

  /** The first index whose key is {@code key}, or -1. */
  int indexOfKey(String key);

  /**
   * An upper bound of the UTF-8 length of entry {@code index}'s value (its encoded size), or
   * {@link Integer#MAX_VALUE} when unknown without decoding.
   */
  int valueSizeBound(int index);

  static String keyAt(List<KeyValue> list, int index) {
    return list instanceof KeyedAttributes k ? k.keyAt(index) : list.get(index).getKey();
  }

  static int indexOfKey(List<KeyValue> list, String key) {
    if (list instanceof KeyedAttributes k) {
      return k.indexOfKey(key);
    }
    for (int i = 0, n = list.size(); i < n; i++) {
      if (list.get(i).getKey().equals(key)) {
        return i;
      }
    }
    return -1;
  }

  static int valueSizeBound(List<KeyValue> list, int index) {
    return list instanceof KeyedAttributes k ? k.valueSizeBound(index) : Integer.MAX_VALUE;
  }
}
