package dev.relay.attraction;

import dev.relay.consumer.RequestContext;
import io.opentelemetry.proto.common.v1.AnyValue;

/**
 * What {@code from_context} reads: in the Collector, the request's client information ({@code metadata.<header>}
 * with the receiver's {@code include_metadata}, {@code auth.<attribute>} from a server authenticator,
 * {@code client.address}, and any other key as metadata). Relay's receivers keep no client metadata, so only
 * {@code auth.<attribute>} resolves (e.g. {@code auth.username} with {@code basicauth}), from the request context
 * the receiver made current; any other key resolves to nothing: the action then uses its {@code default_value}, or
 * does nothing, as the Collector does for a key that is absent. Work after a {@code batch} processor runs on
 * another thread, without the request's context, as in the Collector without {@code metadata_keys}.
 */
final class ClientContext {
  private ClientContext() {}

  /** The value of {@code key} for the request being processed, or null when there is none. */
  static AnyValue lookup(String key) {
    if (!key.startsWith(AUTH_PREFIX)) {
      return null;
    }
    String value = RequestContext.current().auth().get(key.substring(AUTH_PREFIX.length()));
    return value == null ? null : AnyValue.newBuilder().setStringValue(value).build();
  }

  private static final String AUTH_PREFIX = "auth.";
}
