package dev.relay.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The meters of one component, found by the tag each component puts on all of its meters ({@code receiver},
 * {@code processor} or {@code exporter}, with the component's id). They are removed when the component stops, so
 * a component built again under the same id registers its own: Micrometer would otherwise hand it the old
 * instances, and a gauge would go on reading the stopped component.
 */
public record MeterOwner(String tagKey, String id) {
  public static MeterOwner receiver(Object id) {
    return new MeterOwner("receiver", id.toString());
  }

  public static MeterOwner processor(Object id) {
    return new MeterOwner("processor", id.toString());
  }

  public static MeterOwner exporter(Object id) {
    return new MeterOwner("exporter", id.toString());
  }

  /** Removes every meter of this owner from {@code registry}. */
  public void removeFrom(MeterRegistry registry) {
    for (Meter m : List.copyOf(registry.getMeters())) {
      if (id.equals(m.getId().getTag(tagKey))) {
        registry.remove(m);
      }
    }
  }
}
