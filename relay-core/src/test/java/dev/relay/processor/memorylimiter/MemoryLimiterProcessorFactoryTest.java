package dev.relay.processor.memorylimiter;

import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static dev.relay.testing.ConfigFixture.processor;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code memory_limiter} processor's settings. */
class MemoryLimiterProcessorFactoryTest {
  @Test
  void memoryLimiterFaultsNameTheKey() {
    String yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
        processors:
          memory_limiter:
            check_interval: 0s
            limit_mib: 512
            spike_limit_mib: 600
          memory_limiter/pct:
            limit_percentage: 80
            limit_mib: 100
            ballast_size_mib: 64
          memory_limiter/none:
            check_interval: 1s
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [memory_limiter, memory_limiter/pct, memory_limiter/none]
              exporters: [debug]
        """;
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:7: processors.memory_limiter.check_interval: must be greater than zero",
        "relay.yaml:9: processors.memory_limiter.spike_limit_mib: must be smaller than 'limit_mib' (512), found 600",
        "relay.yaml:11: processors.memory_limiter/pct.limit_percentage: set 'limit_mib' or 'limit_percentage', not"
            + " both",
        "relay.yaml:13: processors.memory_limiter/pct.ballast_size_mib: unknown key 'ballast_size_mib' (known keys"
            + " here: check_interval, limit_mib, limit_percentage, spike_limit_mib, spike_limit_percentage)",
        "relay.yaml:14: processors.memory_limiter/none: one of 'limit_mib' or 'limit_percentage' is required");
  }

  @Test
  void aValidMemoryLimiterLoads() throws Exception {
    MemoryLimiterConfig config = processor(parse("""
        receivers:
          otlp:
            protocols:
              grpc:
        processors:
          memory_limiter:
            check_interval: 2s
            limit_mib: 4000
            spike_limit_mib: 800
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [memory_limiter]
              exporters: [debug]
        """, Map.of()), "memory_limiter");
    assertThat(config).isEqualTo(new MemoryLimiterConfig(Duration.ofSeconds(2), 4000, 800, 0, 0));
  }
}
