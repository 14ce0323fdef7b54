package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedis;
import dev.relay.testing.ThreadWakeups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged relay, through the launcher, idle after some traffic (its connections to Tempo and Redis open, a
 * memory limiter in the pipeline): the threads that used to wake every second or faster, the relay's own (server
 * and client event loops, the memory limiter; and the stderr writer, which must not either) and the JVM's that the
 * launcher's flags quiet (the VM thread, monitor deflation), do not wake at all.
 */
class IdleProcessIT {
  /** Thread name prefixes (as the kernel keeps them, 15 characters at most) that must sleep at idle. */
  private static final List<String> QUIET = List.of("relay-otlp-grpc", "relay-otlp-http", "relay-admin",
      "relay-redis-io", "relay-memory-li", "relay-grpc-cli", "relay-stderr", "Monitor Deflati", "VM Thread");

  @TempDir
  Path dir;

  @Test
  void anIdleRelayWakesNoneOfItsEventLoopsNorTheJvmsTimedThreads() throws Exception {
    int grpc = FreePorts.next();
    try (TempoStub tempo = TempoStub.start(); TestRedis redis = TestRedis.start()) {
      Path config = Files.writeString(dir.resolve("relay.yaml"), new TestConfig()
          .receiver("otlp", """
              protocols:
                grpc:
                  endpoint: 127.0.0.1:%d
                http:
                  endpoint: 127.0.0.1:%d
              """.formatted(grpc, FreePorts.next()))
          .processor("memory_limiter", "check_interval: 100ms\nlimit_mib: 60\nspike_limit_mib: 10\n")
          .otlpExporter("otlp/tempo", tempo)
          .redisExporter("redis", redis, "channel: idle\n")
          .admin()
          .pipeline("traces", List.of("otlp"), List.of("memory_limiter"), List.of("otlp/tempo", "redis"))
          .yaml());
      try (RelayProcess relay = RelayProcess.start(dir.resolve("relay.log"), "64m", Map.of(), "run", "--config",
          config.toString())) {
        relay.awaitStarted();
        try (Sdk sdk = new Sdk(grpc)) {
          for (int i = 0; i < 20; i++) {
            sdk.tracer().spanBuilder("s" + i).startSpan().end();
          }
          sdk.flush();
        }
        Await.until(Duration.ofSeconds(20), "20 spans at Tempo", () -> tempo.spanCount() == 20);
        long pid = relay.process().pid();
        for (String prefix : QUIET) {
          assertThat(ThreadWakeups.names(pid, prefix)).as("threads named " + prefix + "*; output:\n"
              + relay.output()).isNotEmpty();
        }
        // Settled: the memory limiter takes its last checks an interval or two after the last batch.
        long[] last = {-1, System.nanoTime()};
        Await.until(Duration.ofSeconds(20), "the memory limiter's last check", () -> {
          long now = ThreadWakeups.of(pid, "relay-memory-li");
          if (now != last[0]) {
            last[0] = now;
            last[1] = System.nanoTime();
          }
          return System.nanoTime() - last[1] > Duration.ofSeconds(1).toNanos();
        });
        Map<String, Long> before = byPrefix(pid);
        // The measured window itself: Netty's own event loops would wake three times in it, the monitor
        // deflation thread twelve times, the VM thread three.
        Thread.sleep(3_200);
        Map<String, Long> after = byPrefix(pid);
        after.replaceAll((prefix, n) -> n - before.get(prefix));
        assertThat(after).as("wake-ups over 3.2 s idle").allSatisfy((prefix, n) -> assertThat(n).isZero());
      }
    }
  }

  private static Map<String, Long> byPrefix(long pid) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String prefix : QUIET) {
      out.put(prefix, ThreadWakeups.of(pid, prefix));
    }
    return out;
  }
}
