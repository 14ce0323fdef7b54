package dev.relay.attraction;

import dev.relay.consumer.RequestContext;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import java.util.List;

/**
 * What {@code from_context} reads, as in the Collector: the request's client metadata ({@code metadata.<key>}, and
 * any other key as metadata too), which the receiver passes on with {@code include_metadata}. One value is a
 * string, several an array of strings. {@code client.address} and {@code auth.<attribute>} resolve to nothing: Relay
 * does not keep the client's address, and has no server authenticators; an action then uses its {@code
 * default_value}, or does nothing, as the Collector does for a key that is absent.
 */
final class ClientContext {
  private static final String METADATA = "metadata.";

  private ClientContext() {}

  /** The value of {@code key} for the request being processed, or null when there is none. */
  static AnyValue lookup(String key) {
    if (key.equals("client.address") || key.startsWith("auth.")) {
      return null;
    }
    List<String> values = RequestContext.current().metadata(key.startsWith(METADATA)
        ? key.substring(METADATA.length()) : key);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() == 1) {
      return AnyValue.newBuilder().setStringValue(values.get(0)).build();
    }
    ArrayValue.Builder array = ArrayValue.newBuilder();
    values.forEach(v -> array.addValues(AnyValue.newBuilder().setStringValue(v)));
    return AnyValue.newBuilder().setArrayValue(array).build();
  }
}
