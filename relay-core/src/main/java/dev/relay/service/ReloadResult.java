package dev.relay.service;

import dev.relay.pipeline.ConfigDiff;
import java.util.List;

/**
 * What one reload did: {@code SUCCESS} (the new config runs), {@code FAILED} (the old one runs on; {@code faults}
 * says why, as {@code file:line: key: message} for an invalid config) or {@code UNCHANGED} (nothing to apply).
 * {@code diff} is null when the new config could not be loaded.
 */
public record ReloadResult(Outcome outcome, List<String> faults, ConfigDiff diff) {
  public enum Outcome {
    SUCCESS, FAILED, UNCHANGED;

    /** As in {@code relay_config_reload_total{result}} and the {@code POST /reload} answer. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ReloadResult {
    faults = List.copyOf(faults);
  }

  static ReloadResult failed(List<String> faults) {
    return new ReloadResult(Outcome.FAILED, faults, null);
  }
}
