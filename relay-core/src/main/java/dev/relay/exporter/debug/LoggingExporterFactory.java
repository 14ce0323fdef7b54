package dev.relay.exporter.debug;

import dev.relay.component.ComponentId;
import dev.relay.component.Exporter;
import dev.relay.component.ExporterFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.ConfigMap;
import dev.relay.otlp.Signal;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code logging} exporter: the Collector's former name for {@code debug}, removed there in v0.111.0. It runs
 * the debug exporter with the logging exporter's defaults ({@code normal} verbosity, {@code sampling_thereafter:
 * 500}) and maps its {@code loglevel} as the Collector did; loading it warns that the name is deprecated.
 */
public final class LoggingExporterFactory implements ExporterFactory<DebugExporterConfig> {
  /** The logging exporter's sampling: after the first two entries of a second, every 500th. */
  static final int LOGGING_SAMPLING_THEREAFTER = 500;

  @Override
  public String type() {
    return "logging";
  }

  @Override
  public DebugExporterConfig parseConfig(ConfigMap cfg) {
    cfg.warning(null, "the 'logging' exporter is deprecated (the Collector removed it in v0.111.0): use 'debug',"
        + " with verbosity instead of loglevel");
    DebugExporterConfig.Verbosity verbosity;
    String loglevel = loglevelKey(cfg);
    if (cfg.has(loglevel)) {
      String level = cfg.choice(loglevel, "info", "debug", "info", "warn", "error");
      if (cfg.has("verbosity")) {
        cfg.problem(loglevel, "loglevel and verbosity cannot both be set: use verbosity only");
      }
      verbosity = switch (level) {
        case "debug" -> DebugExporterConfig.Verbosity.DETAILED;
        case "info" -> DebugExporterConfig.Verbosity.NORMAL;
        default -> DebugExporterConfig.Verbosity.BASIC;
      };
      cfg.get("verbosity");
    } else {
      verbosity = DebugExporterFactory.verbosity(cfg, "normal");
    }
    DebugExporterConfig config = DebugExporterFactory.withSampling(cfg, verbosity, LOGGING_SAMPLING_THEREAFTER);
    cfg.rejectUnknown();
    return config;
  }

  /**
   * The key the file spells {@code loglevel} with. The Collector versions that had this exporter matched keys
   * without regard to case, and files in the wild write {@code logLevel}; other keys here are all lower case.
   */
  private static String loglevelKey(ConfigMap cfg) {
    return cfg.keys().stream().filter(k -> k.equalsIgnoreCase("loglevel")).findFirst().orElse("loglevel");
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.allOf(Signal.class);
  }

  @Override
  public Exporter createExporter(ComponentId id, DebugExporterConfig config, TelemetrySettings telemetry) {
    return DebugExporterFactory.create(id, config, telemetry, signals());
  }
}
