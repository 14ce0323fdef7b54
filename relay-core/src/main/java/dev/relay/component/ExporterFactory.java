package dev.relay.component;

/** Creates exporters of one type. */
public interface ExporterFactory<C> extends ComponentFactory<C> {
  TracesExporter createTracesExporter(ComponentId id, C config, TelemetrySettings telemetry);
}
