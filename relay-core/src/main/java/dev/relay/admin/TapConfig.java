package dev.relay.admin;

import dev.relay.config.ConfigMap;
import java.time.Duration;

/**
 * Settings of the admin server's {@code /tap} ({@code service.admin.tap}): how many clients may tap at once, and the
 * matching time each may use per second on the tap thread (beyond it, batches are skipped and reported as dropped).
 */
public record TapConfig(int maxClients, Duration workBudget) {
  public static final int DEFAULT_MAX_CLIENTS = 16;
  public static final Duration DEFAULT_WORK_BUDGET = Duration.ofMillis(100);

  public TapConfig {
    if (maxClients < 1) {
      throw new IllegalArgumentException("maxClients must be at least 1");
    }
    if (workBudget.isNegative() || workBudget.isZero() || workBudget.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("workBudget must be more than 0 and at most 1s");
    }
  }

  public static TapConfig defaults() {
    return new TapConfig(DEFAULT_MAX_CLIENTS, DEFAULT_WORK_BUDGET);
  }

  /** Reads {@code service.admin.tap}, and rejects its unknown keys. */
  public static TapConfig parse(ConfigMap m) {
    int maxClients = (int) m.integer("max_clients", DEFAULT_MAX_CLIENTS, 1, 1_000);
    Duration budget = m.duration("work_budget", DEFAULT_WORK_BUDGET);
    if (budget.isZero() || budget.compareTo(Duration.ofSeconds(1)) > 0) {
      m.problem("work_budget", "must be more than 0 and at most 1s (it is a share of each second)");
      budget = DEFAULT_WORK_BUDGET;
    }
    m.rejectUnknown();
    return new TapConfig(maxClients, budget);
  }
}
