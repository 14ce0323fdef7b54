package dev.relay.processor;

import dev.relay.config.ConfigMap;
import java.util.Locale;

/** What happens when a statement or condition fails on one item, named and defaulted as in the Collector. */
public enum ErrorMode {
  /** Log (throttled) and go on with the next statement or condition. */
  IGNORE,
  /** Go on without logging. */
  SILENT,
  /** Fail the whole request; the client gets a clear error. */
  PROPAGATE;

  public static ErrorMode read(ConfigMap cfg, ErrorMode defaultValue) {
    String v = cfg.choice("error_mode", defaultValue.name().toLowerCase(Locale.ROOT), "ignore", "silent", "propagate");
    return valueOf(v.toUpperCase(Locale.ROOT));
  }
}
