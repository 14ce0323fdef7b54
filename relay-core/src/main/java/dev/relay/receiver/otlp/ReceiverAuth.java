package dev.relay.receiver.otlp;

import dev.relay.auth.AuthResult;
import dev.relay.auth.ServerAuthenticator;
import dev.relay.telemetry.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One protocol's authenticator ({@code protocols.<p>.auth.authenticator}) with the counter of its refusals by
 * reason. Neither the counter nor anything else here sees a credential.
 */
final class ReceiverAuth {
  private final ServerAuthenticator authenticator;
  private final Counter missing;
  private final Counter invalid;

  ReceiverAuth(ServerAuthenticator authenticator, MeterRegistry registry, String receiver, String transport) {
    this.authenticator = authenticator;
    this.missing = Meters.counter(registry, Meters.RECEIVER_UNAUTHENTICATED_REQUESTS, "receiver", receiver,
        "transport", transport, "reason", AuthResult.MISSING);
    this.invalid = Meters.counter(registry, Meters.RECEIVER_UNAUTHENTICATED_REQUESTS, "receiver", receiver,
        "transport", transport, "reason", AuthResult.INVALID);
  }

  ServerAuthenticator authenticator() {
    return authenticator;
  }

  /** Counts a refusal by its reason. */
  void refused(AuthResult result) {
    (AuthResult.MISSING.equals(result.reason()) ? missing : invalid).increment();
  }

  /** The message a refused client reads: it says what was wrong, never what was sent. */
  static String message(AuthResult result) {
    return AuthResult.MISSING.equals(result.reason()) ? "authentication required" : "invalid credentials";
  }
}
