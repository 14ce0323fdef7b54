package dev.relay.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.RedisSubscriber;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import dev.relay.testing.Tools;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One master, one replica, one sentinel on loopback: the relay finds the master and follows a failover. */
class RedisSentinelIT {
  @TempDir
  Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private void start(String name, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("redis-server"));
    cmd.addAll(List.of(args));
    processes.add(new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile()).start());
  }

  private String cli(int port, String... args) {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (Exception e) {
      return "";
    }
  }


  @Test
  void followsTheMasterThroughAFailover() throws Exception {
    assumeTrue(Tools.onPath("redis-server", "redis-cli"), "needs redis-server and redis-cli on PATH");
    int master = FreePorts.next();
    int replica = FreePorts.next();
    int sentinel = FreePorts.next();
    start("master", "--port", Integer.toString(master), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no");
    start("replica", "--port", Integer.toString(replica), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--replicaof", "127.0.0.1", Integer.toString(master));
    Await.until(Duration.ofSeconds(20), "the replica in sync",
        () -> cli(replica, "INFO", "replication").contains("master_link_status:up"));
    Path conf = dir.resolve("sentinel.conf");
    Files.writeString(conf, """
        port %d
        bind 127.0.0.1
        sentinel monitor mymaster 127.0.0.1 %d 1
        sentinel down-after-milliseconds mymaster 1000
        sentinel failover-timeout mymaster 5000
        """.formatted(sentinel, master));
    start("sentinel", conf.toString(), "--sentinel");
    // Listed is not enough: the sentinel promotes only a replica it is connected to and has fresh INFO from.
    Await.until(Duration.ofSeconds(20), "the sentinel to know the replica as a good one", () -> {
      String replicas = cli(sentinel, "SENTINEL", "REPLICAS", "mymaster");
      return replicas.contains(Integer.toString(replica)) && replicas.contains("master-link-status\nok")
          && !replicas.contains("disconnected") && !replicas.contains("s_down");
    });

    try (TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(new TestConfig()
            .otlpReceiver()
            .otlpExporter("otlp", tempo)
            .redisExporter("redis", "redis-sentinel://127.0.0.1:" + sentinel + "#mymaster", """
                routes:
                  - channel: events
                    payload:
                      e: name
                """)
            .pipeline("traces", List.of("otlp"), List.of("otlp", "redis")));
        Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
      int[] n = {0};
      Runnable send = () -> {
        Span span = sdk.tracer().spanBuilder("s").startSpan();
        span.addEvent("e" + n[0]++, Attributes.empty());
        span.end();
        sdk.flush();
      };
      try (RedisSubscriber onMaster = RedisSubscriber.channels("redis://127.0.0.1:" + master, "events")) {
        Await.until(Duration.ofSeconds(15), "a message through the master", () -> {
          send.run();
          return !onMaster.messages().isEmpty();
        });
      }
      // NOGOODSLAVE can still come back while the sentinel's view of the replica is being refreshed: ask again.
      Await.until(Duration.ofSeconds(20), "the sentinel to start a failover",
          () -> cli(sentinel, "SENTINEL", "FAILOVER", "mymaster").equals("OK"));
      Await.until(Duration.ofSeconds(30), "the replica promoted",
          () -> cli(replica, "INFO", "replication").contains("role:master"));
      try (RedisSubscriber onNewMaster = RedisSubscriber.channels("redis://127.0.0.1:" + replica, "events")) {
        Await.until(Duration.ofSeconds(30), "a message through the new master", () -> {
          send.run();
          return !onNewMaster.messages().isEmpty();
        });
      }
      Await.until(Duration.ofSeconds(20), "every span at Tempo", () -> tempo.spanCount() == n[0]);
    }
  }
}
