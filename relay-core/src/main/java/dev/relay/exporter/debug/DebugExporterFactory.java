package dev.relay.exporter.debug;

import dev.relay.component.ComponentId;
import dev.relay.component.ExporterFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.Exporter;
import dev.relay.config.ConfigMap;
import dev.relay.exporter.QueuedExporter;
import dev.relay.exporter.QueuedExporterSettings;
import dev.relay.exporter.RetryPolicy;
import java.util.Locale;

/** The {@code debug} exporter type. */
public final class DebugExporterFactory implements ExporterFactory<DebugExporterConfig> {
  @Override
  public String type() {
    return "debug";
  }

  @Override
  public DebugExporterConfig parseConfig(ConfigMap cfg) {
    String v = cfg.choice("verbosity", "basic", "basic", "normal", "detailed");
    cfg.rejectUnknown();
    return new DebugExporterConfig(DebugExporterConfig.Verbosity.valueOf(v.toUpperCase(Locale.ROOT)));
  }

  @Override
  public java.util.Set<dev.relay.otlp.Signal> signals() {
    return java.util.EnumSet.allOf(dev.relay.otlp.Signal.class);
  }

  @Override
  public Exporter createExporter(ComponentId id, DebugExporterConfig config, TelemetrySettings telemetry) {
    var settings = QueuedExporterSettings.builder()
        .whenFull(QueuedExporterSettings.WhenFull.DROP)
        .retry(RetryPolicy.DISABLED)
        .signals(signals())
        .build();
    return new QueuedExporter(id, new DebugLogSender(id, config.verbosity()), settings, telemetry);
  }
}
