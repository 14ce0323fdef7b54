package dev.relay.exporter;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter, named and defaulted as the Collector's {@code retry_on_failure}. A
 * {@code maxElapsedTime} of zero retries forever.
 */
public record RetryPolicy(
    boolean enabled,
    Duration initialInterval,
    Duration maxInterval,
    double multiplier,
    double randomizationFactor,
    Duration maxElapsedTime) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(true, Duration.ofSeconds(5), Duration.ofSeconds(30), 1.5, 0.5, Duration.ofMinutes(5));
  public static final RetryPolicy DISABLED = new RetryPolicy(false, Duration.ZERO, Duration.ZERO, 1, 0, Duration.ZERO);

  public RetryPolicy {
    Objects.requireNonNull(initialInterval, "initialInterval");
    Objects.requireNonNull(maxInterval, "maxInterval");
    Objects.requireNonNull(maxElapsedTime, "maxElapsedTime");
    if (enabled) {
      if (initialInterval.isZero() || initialInterval.isNegative()) {
        throw new IllegalArgumentException("initial_interval must be positive");
      }
      if (maxInterval.compareTo(initialInterval) < 0) {
        throw new IllegalArgumentException("max_interval must not be less than initial_interval");
      }
      if (multiplier < 1) {
        throw new IllegalArgumentException("multiplier must be at least 1");
      }
      if (randomizationFactor < 0 || randomizationFactor >= 1) {
        throw new IllegalArgumentException("randomization_factor must be in [0, 1)");
      }
    }
  }

  /** The wait before retry number {@code attempt} (1-based), jittered with {@code random} in [0,1). */
  public long backoffNanos(int attempt, DoubleSupplier random) {
    double interval = initialInterval.toNanos() * Math.pow(multiplier, attempt - 1);
    interval = Math.min(interval, maxInterval.toNanos());
    double delta = randomizationFactor * interval;
    double jittered = interval - delta + random.getAsDouble() * (2 * delta);
    return (long) Math.max(0, jittered);
  }
}
