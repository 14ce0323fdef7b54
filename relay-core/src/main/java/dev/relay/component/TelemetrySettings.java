package dev.relay.component;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/** Shared resources handed to every component; nothing in the engine reaches for a static singleton. */
public record TelemetrySettings(MeterRegistry meterRegistry) {
  public TelemetrySettings {
    Objects.requireNonNull(meterRegistry, "meterRegistry");
  }
}
