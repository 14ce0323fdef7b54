package dev.relay.exporter.nop;

import dev.relay.component.ComponentId;
import dev.relay.component.Exporter;
import dev.relay.component.ExporterFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.ConfigMap;
import dev.relay.otlp.Signal;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code nop} type, as the Collector's {@code nopexporter}: it takes no settings and drops everything it is
 * given. Collector files define it as a placeholder (a sink for a pipeline under test, or left over, unused).
 */
public final class NopExporterFactory implements ExporterFactory<NopExporterFactory.Settings> {
  /** The nop exporter has no settings. */
  public record Settings() {}

  @Override
  public String type() {
    return "nop";
  }

  @Override
  public Settings parseConfig(ConfigMap cfg) {
    cfg.rejectUnknown();
    return new Settings();
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.allOf(Signal.class);
  }

  @Override
  public Exporter createExporter(ComponentId id, Settings config, TelemetrySettings telemetry) {
    return new NopExporter();
  }
}
