package dev.relay.exporter.debug;

import dev.relay.component.ComponentId;
import dev.relay.component.ExporterFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesExporter;
import dev.relay.config.ConfigMap;
import dev.relay.exporter.QueuedExporter;
import dev.relay.exporter.RetryPolicy;
import java.time.Duration;
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
  public TracesExporter createTracesExporter(ComponentId id, DebugExporterConfig config, TelemetrySettings telemetry) {
    var settings = new QueuedExporter.Settings(QueuedExporter.Sizer.REQUESTS,
        1000, QueuedExporter.defaultMaxQueuedBytes(), 1, QueuedExporter.WhenFull.DROP, RetryPolicy.DISABLED, Duration.ofSeconds(5), 8192, 0);
    return new QueuedExporter(id, new DebugLogSender(id, config.verbosity()), settings, telemetry);
  }
}
