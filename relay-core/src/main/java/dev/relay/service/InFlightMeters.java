package dev.relay.service;

import dev.relay.component.InFlightBudget;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The in-flight budget on {@code /metrics}: its size, what is held, and how often it refused. */
final class InFlightMeters {
  private InFlightMeters() {}

  static void register(MeterRegistry registry, InFlightBudget budget) {
    Gauge.builder("relay.receiver.in_flight.limit.bytes", budget, InFlightBudget::limit)
        .description("The receivers' shared budget for request data in flight (service.limits.in_flight_bytes)")
        .register(registry);
    Gauge.builder("relay.receiver.in_flight.bytes", budget, InFlightBudget::used)
        .description("Request bytes the receivers hold now: bodies being read, gunzipped, decoded, handled")
        .register(registry);
    FunctionCounter.builder("relay.receiver.in_flight.refusals", budget, InFlightBudget::refusals)
        .description("Requests refused (503, UNAVAILABLE) because the in-flight budget was spent")
        .register(registry);
  }
}
