package dev.relay.component;

import dev.relay.otlp.Signal;

import java.util.EnumSet;
import java.util.Set;

/** Creates exporters of one type. */
public interface ExporterFactory<C> extends ComponentFactory<C> {
  Exporter createExporter(ComponentId id, C config, TelemetrySettings telemetry);

  /** The signals this type can export; a pipeline of another signal that lists it is a config fault. */
  default Set<Signal> signals() {
    return EnumSet.of(Signal.TRACES);
  }
}
