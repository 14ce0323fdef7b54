package dev.relay.processor.resourcedetection;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The attributes detection found, merged into each resource as the Collector merges them: a key the resource
 * lacks is added at the end; a key it has is replaced in place when {@code override} is on, kept otherwise.
 */
final class DetectedResource {
  static final DetectedResource EMPTY = new DetectedResource(Map.of(), true);

  private final List<KeyValue> attributes = new ArrayList<>();
  private final boolean override;

  DetectedResource(Map<String, String> detected, boolean override) {
    detected.forEach((k, v) -> attributes.add(
        KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build()));
    this.override = override;
  }

  boolean isEmpty() {
    return attributes.isEmpty();
  }

  List<KeyValue> attributes() {
    return attributes;
  }

  /** Adds (or, with override, replaces) the detected attributes; whether that changed anything. */
  boolean mergeInto(Resource.Builder resource) {
    boolean changed = false;
    for (KeyValue kv : attributes) {
      int at = -1;
      for (int i = 0; i < resource.getAttributesCount(); i++) {
        if (resource.getAttributes(i).getKey().equals(kv.getKey())) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        resource.addAttributes(kv);
        changed = true;
      } else if (override && !resource.getAttributes(at).equals(kv)) {
        resource.setAttributes(at, kv);
        changed = true;
      }
    }
    return changed;
  }
}
