package dev.relay.attraction;

import io.opentelemetry.proto.common.v1.AnyValue;

/**
 * What {@code from_context} reads: in the Collector, the request's client information ({@code metadata.<header>}
 * with the receiver's {@code include_metadata}, {@code auth.<attribute>} from a server authenticator,
 * {@code client.address}, and any other key as metadata). Relay's receivers keep no client metadata and there are
 * no authenticators yet, so every key resolves to nothing: the action then uses its {@code default_value}, or does
 * nothing, as the Collector does for a key that is absent.
 */
final class ClientContext {
  private ClientContext() {}

  /** The value of {@code key} for the request being processed, or null when there is none (today: always). */
  static AnyValue lookup(String key) {
    return null;
  }
}
