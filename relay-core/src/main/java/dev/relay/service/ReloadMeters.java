package dev.relay.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code relay_config_reload_total{result}} and {@code relay_config_last_reload_success_timestamp_seconds} (0 until a
 * reload succeeds), as Prometheus' own config reload metrics.
 */
final class ReloadMeters {
  private final Map<ReloadResult.Outcome, Counter> reloads = new EnumMap<>(ReloadResult.Outcome.class);
  private final AtomicLong lastSuccessMillis = new AtomicLong();

  ReloadMeters(MeterRegistry registry) {
    for (ReloadResult.Outcome o : ReloadResult.Outcome.values()) {
      reloads.put(o, Counter.builder("relay.config.reload")
          .description("Configuration reloads, by result: success, failed (the old config runs on), unchanged")
          .tag("result", o.word())
          .register(registry));
    }
    Gauge.builder("relay.config.last.reload.success.timestamp", lastSuccessMillis, v -> v.get() / 1000.0)
        .description("When the last reload that applied a new configuration finished (Unix time)")
        .baseUnit("seconds")
        .register(registry);
  }

  void record(ReloadResult.Outcome outcome) {
    reloads.get(outcome).increment();
    if (outcome == ReloadResult.Outcome.SUCCESS) {
      lastSuccessMillis.set(System.currentTimeMillis());
    }
  }
}
