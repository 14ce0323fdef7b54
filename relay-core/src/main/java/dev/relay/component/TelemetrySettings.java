package dev.relay.component;

import dev.relay.auth.Authenticators;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Shared resources handed to every component; nothing in the engine reaches for a static singleton: the meter
 * registry, and the running auth extensions a component's {@code auth: {authenticator: <id>}} names.
 */
public record TelemetrySettings(MeterRegistry meterRegistry, Authenticators authenticators) {
  public TelemetrySettings {
    Objects.requireNonNull(meterRegistry, "meterRegistry");
    Objects.requireNonNull(authenticators, "authenticators");
  }

  /** With no auth extensions. */
  public TelemetrySettings(MeterRegistry meterRegistry) {
    this(meterRegistry, Authenticators.none());
  }
}
