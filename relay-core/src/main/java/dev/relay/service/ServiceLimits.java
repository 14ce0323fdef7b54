package dev.relay.service;

import dev.relay.component.InFlightBudget;
import dev.relay.config.ConfigMap;

/** {@code service.limits}: the process-wide bounds on what clients send ({@link InFlightBudget}). */
final class ServiceLimits {
  private ServiceLimits() {}

  /** {@code in_flight_bytes}: by default a quarter of the heap; at least 1 MiB. */
  static long inFlightBytes(ConfigMap limits) {
    long bytes = limits.integer("in_flight_bytes", InFlightBudget.defaultBytes(), 1024 * 1024, Long.MAX_VALUE);
    limits.rejectUnknown();
    return bytes;
  }
}
