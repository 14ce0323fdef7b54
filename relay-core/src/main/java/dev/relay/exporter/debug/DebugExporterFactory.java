package dev.relay.exporter.debug;

import dev.relay.component.ComponentId;
import dev.relay.component.Exporter;
import dev.relay.component.ExporterFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.ConfigMap;
import dev.relay.exporter.QueuedExporter;
import dev.relay.exporter.QueuedExporterSettings;
import dev.relay.exporter.RetryPolicy;
import dev.relay.otlp.Signal;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The {@code debug} exporter type. */
public final class DebugExporterFactory implements ExporterFactory<DebugExporterConfig> {
  @Override
  public String type() {
    return "debug";
  }

  @Override
  public DebugExporterConfig parseConfig(ConfigMap cfg) {
    DebugExporterConfig.Verbosity verbosity = verbosity(cfg, "basic");
    DebugExporterConfig config = withSampling(cfg, verbosity, DebugExporterConfig.DEFAULT_SAMPLING_THEREAFTER);
    cfg.rejectUnknown();
    return config;
  }

  static DebugExporterConfig.Verbosity verbosity(ConfigMap cfg, String defaultValue) {
    String v = cfg.choice("verbosity", defaultValue, "basic", "normal", "detailed");
    return DebugExporterConfig.Verbosity.valueOf(v.toUpperCase(Locale.ROOT));
  }

  /** Reads {@code sampling_initial} and {@code sampling_thereafter}. */
  static DebugExporterConfig withSampling(ConfigMap cfg, DebugExporterConfig.Verbosity verbosity,
      int defaultThereafter) {
    int initial = (int) cfg.integer("sampling_initial", DebugExporterConfig.DEFAULT_SAMPLING_INITIAL, 0, 1_000_000);
    int thereafter = (int) cfg.integer("sampling_thereafter", defaultThereafter, 0, 1_000_000);
    return new DebugExporterConfig(verbosity, initial, thereafter);
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.allOf(Signal.class);
  }

  @Override
  public Exporter createExporter(ComponentId id, DebugExporterConfig config, TelemetrySettings telemetry) {
    return create(id, config, telemetry, signals());
  }

  static Exporter create(ComponentId id, DebugExporterConfig config, TelemetrySettings telemetry, Set<Signal> signals) {
    var settings = QueuedExporterSettings.builder()
        .whenFull(QueuedExporterSettings.WhenFull.DROP)
        .retry(RetryPolicy.DISABLED)
        .signals(signals)
        .build();
    return new QueuedExporter(id, new DebugLogSender(id, config), settings, telemetry);
  }
}
