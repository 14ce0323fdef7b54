package dev.relay.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void backoffIsExponentialCappedAndJittered() {
    RetryPolicy p = new RetryPolicy(true, Duration.ofSeconds(1), Duration.ofSeconds(5), 2.0, 0.5, Duration.ZERO);
    assertThat(p.backoffNanos(1, () -> 0.5)).isEqualTo(1_000_000_000L);
    assertThat(p.backoffNanos(2, () -> 0.5)).isEqualTo(2_000_000_000L);
    assertThat(p.backoffNanos(10, () -> 0.5)).isEqualTo(5_000_000_000L);
    assertThat(p.backoffNanos(1, () -> 0.0)).isEqualTo(500_000_000L);
    assertThat(p.backoffNanos(1, () -> 0.999999)).isBetween(1_499_000_000L, 1_500_000_000L);
  }
}
