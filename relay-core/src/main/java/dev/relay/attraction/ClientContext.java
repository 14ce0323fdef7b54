package dev.relay.attraction;

import dev.relay.consumer.RequestContext;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import java.util.List;

/**
 * What {@code from_context} reads, as in the Collector, from the request context the receiver made current:
 * {@code auth.<attribute>} from the receiver's server authenticator (e.g. {@code auth.username} with
 * {@code basicauth}), and the request's client metadata ({@code metadata.<key>}, and any other key as metadata
 * too), which the receiver passes on with {@code include_metadata}. One metadata value is a string, several an
 * array of strings. {@code client.address} resolves to nothing (Relay does not keep the client's address): an action
 * then uses its {@code default_value}, or does nothing, as the Collector does for a key that is absent. Work after a
 * {@code batch} processor without {@code metadata_keys} runs without the request's context, as in the Collector.
 */
final class ClientContext {
  private static final String METADATA = "metadata.";
  private static final String AUTH_PREFIX = "auth.";

  private ClientContext() {}

  /** The value of {@code key} for the request being processed, or null when there is none. */
  static AnyValue lookup(String key) {
    if (key.equals("client.address")) {
      return null;
    }
    if (key.startsWith(AUTH_PREFIX)) {
      String value = RequestContext.current().auth().get(key.substring(AUTH_PREFIX.length()));
      return value == null ? null : AnyValue.newBuilder().setStringValue(value).build();
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
