package dev.relay.bench;

import dev.relay.testing.GoodClient;
import dev.relay.testing.HostileRequests;
import dev.relay.testing.PrometheusText;
import dev.relay.testing.TestTraces;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import java.io.File;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The relay as shipped (the launcher, the image's config {@code config/sidecar.yaml}, its endpoints moved to free
 * loopback ports through its environment variables) under hostile load. Phases mode: a good client's accepted
 * spans/s at saturation alone, then under each attack in turn, each for a bounded time, in one table with the
 * relay's RSS, its peak heap and the refusals it counted. Soak mode: N minutes at 10k spans/s with 1% hostile
 * requests mixed in, a line a minute (RSS, heap, spans accepted and delivered), then zero-crash / zero-lost.
 *
 * <p>Usage: {@code java -cp relay-bench.jar dev.relay.bench.HostileBench LAUNCHER CONFIG phases [seconds (10)]
 * [REDIS_PORT]} or {@code ... LAUNCHER CONFIG soak [minutes (10)] [REDIS_PORT]}. Without a Redis port the Redis
 * route's events are dropped and counted, as the config allows.
 */
public final class HostileBench {
  /**
   * Counters of refusals, summed: the receivers' and the admin server's, of requests and of connections, and the gRPC
   * listener's refused streams and connections closed with GOAWAY ENHANCE_YOUR_CALM.
   */
  private static final List<String> REFUSALS = List.of("relay_receiver_refused_requests_total",
      "relay_receiver_refused_connections_total", "relay_admin_refused_connections_total",
      "relay_admin_refused_requests_total", "relay_receiver_refused_streams_total",
      "relay_receiver_closed_connections_total");

  private record Attack(String name, Starter start) {}

  private interface Starter {
    HostileAttacks.Running start(HostileAttacks.Target t) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path launcher = Path.of(args[0]).toAbsolutePath();
    Path config = Path.of(args[1]).toAbsolutePath();
    boolean soak = args.length > 2 && args[2].equals("soak");
    double length = args.length > 3 ? Double.parseDouble(args[3]) : 10; // seconds a phase, or minutes of soak
    String redis = args.length > 4 ? "redis://127.0.0.1:" + args[4] : "redis://127.0.0.1:" + BenchSupport.freePort();
    AtomicLong sinkSpans = new AtomicLong();
    int sinkPort = BenchSupport.freePort();
    Server sink = NullSink.start(sinkPort, sinkSpans, new AtomicBoolean(true));
    HostileAttacks.Target target = new HostileAttacks.Target(BenchSupport.freePort(), BenchSupport.freePort(),
        BenchSupport.freePort());
    Process relay = start(launcher, config, target, sinkPort, redis, "/tmp/relay-hostile.log");
    try {
      if (soak) {
        Soak.run(relay, target, sinkSpans, length);
      } else {
        phases(relay, target, (int) length);
      }
    } finally {
      BenchSupport.stop(relay);
      sink.shutdownNow();
    }
  }

  private static void phases(Process relay, HostileAttacks.Target t, int seconds) throws Exception {
    List<Attack> attacks = List.of(
        new Attack("none (baseline)", x -> new HostileAttacks.Running()),
        new Attack("gzip bomb pairs", HostileAttacks::gzipBombPairs),
        new Attack("3 stalled 4 MB bodies", HostileAttacks::stalledBodies),
        new Attack("700k-attribute requests", HostileAttacks::giantAttributes),
        new Attack("20x100 zero-window streams", HostileAttacks::zeroWindowStreams),
        new Attack("rapid reset floods", HostileAttacks::rapidReset),
        new Attack("300 slowloris", HostileAttacks::slowloris),
        new Attack("1000 idle connections", HostileAttacks::idleConnections),
        new Attack("300 non-reading /tap", HostileAttacks::nonReadingTaps));
    List<byte[]> requests = ThroughputBench.requests(64);
    ManagedChannel good = ThroughputBench.channel(t.grpcPort());
    System.out.printf("relay: %s (heap %s), good client: 100-span requests over gRPC, 32 in flight; %d s a phase%n",
        relay.info().commandLine().orElse("?"), "-Xmx64m", seconds);
    try {
      ThroughputBench.run(good, requests, 3 * seconds); // warm-up: the JIT settles slowly at the image's flags
      System.out.printf("%-28s %14s %9s %9s %14s %10s %10s%n", "attack", "good spans/s", "vs base", "RSS MiB",
          "heap peak MiB", "refused", "seen");
      double baseline = 0;
      for (Attack a : attacks) {
        double refusedBefore = refusals(t.adminPort());
        long[] peaks = {0, 0};
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
          while (sampling.get()) {
            peaks[0] = Math.max(peaks[0], BenchSupport.rssKiB(relay.pid()));
            peaks[1] = Math.max(peaks[1], (long) PrometheusText.metric(t.adminPort(), "jvm_memory_used_bytes",
                "area=\"heap\""));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
          }
        }, "hostile-bench-sampler");
        sampler.setDaemon(true);
        sampler.start();
        double rate;
        HostileAttacks.Running attack = a.start().start(t);
        try {
          rate = ThroughputBench.run(good, requests, seconds);
        } finally {
          attack.close();
          sampling.set(false);
          sampler.join(5_000);
        }
        long seen = attack.refusalsSeen.get();
        if (baseline == 0) {
          baseline = rate;
        }
        if (!relay.isAlive()) {
          System.out.printf("%-28s the relay DIED (exit %d); see /tmp/relay-hostile.log%n", a.name(),
              relay.exitValue());
          return;
        }
        double refused = refusals(t.adminPort()) - refusedBefore;
        System.out.printf("%-28s %,14.0f %8.2fx %9.1f %14.1f %,10.0f %,10d%n", a.name(), rate, rate / baseline,
            peaks[0] / 1024.0, peaks[1] / 1048576.0, refused, seen);
        BenchSupport.result("hostile." + a.name().replaceAll("[^a-z0-9]+", "_"), rate);
      }
    } finally {
      good.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static double refusals(int adminPort) {
    String page = PrometheusText.scrape(adminPort);
    return page == null ? 0 : REFUSALS.stream().mapToDouble(n -> PrometheusText.sum(page, n, "")).sum();
  }

  /** N minutes at 10k spans/s (100 requests of 100 spans a second), one in a hundred followed by a hostile one. */
  private static final class Soak {
    static void run(Process relay, HostileAttacks.Target t, AtomicLong sinkSpans, double minutes) throws Exception {
      ExecutorService hostile = Executors.newFixedThreadPool(4);
      HttpClient http = HttpClient.newHttpClient();
      byte[] bomb = HostileRequests.gzipBomb(64);
      long hostileSpans = 0; // spans of accepted hostile requests (the wide span) that reach the sink too
      System.out.printf("soak: %.1f min at 10k spans/s, 1%% hostile (gzip bomb, stalled body, 100k attributes,"
          + " malformed, deep /tap match)%n%-8s %12s %12s %9s %14s%n", minutes, "minute", "accepted", "delivered",
          "RSS MiB", "heap used MiB");
      long start = System.nanoTime();
      long end = start + (long) (minutes * 60e9);
      long nextLine = start + TimeUnit.MINUTES.toNanos(1);
      int minute = 0;
      try (GoodClient good = new GoodClient(t.grpcPort(), 100, 20)) {
        for (long n = 0; System.nanoTime() < end && relay.isAlive(); n++) {
          LockSupport.parkNanos(start + n * TimeUnit.MILLISECONDS.toNanos(10) - System.nanoTime());
          if (n % 100 == 99) {
            long turn = n / 100;
            hostileSpans += turn % 5 == 2 ? 1 : 0;
            hostile.execute(() -> HostileRequests.mixed(turn, http, t.httpPort(), t.adminPort(), bomb, 5_000));
          }
          good.export(TestTraces.request(TestTraces.spans("soak-" + n + "-", 100)).toByteArray(), 100);
          if (System.nanoTime() >= nextLine) {
            nextLine += TimeUnit.MINUTES.toNanos(1);
            System.out.printf("%-8d %,12d %,12d %9.1f %14.1f%n", ++minute, good.acceptedSpans(), sinkSpans.get(),
                BenchSupport.rssKiB(relay.pid()) / 1024.0,
                PrometheusText.metric(t.adminPort(), "jvm_memory_used_bytes", "area=\"heap\"") / 1048576.0);
          }
        }
        hostile.shutdownNow();
        boolean alive = relay.isAlive();
        long accepted = good.acceptedSpans();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (alive && sinkSpans.get() < accepted && System.nanoTime() < deadline) {
          Thread.sleep(100); // the exporter draining its queue
        }
        long lost = Math.max(0, accepted - (sinkSpans.get() - hostileSpans));
        System.out.printf("%s, %d good spans accepted, %d lost (at most %d wide spans counted among the delivered),"
            + " %d retries%n", alive ? "zero crashes" : "the relay DIED", accepted, lost, hostileSpans,
            good.retries());
        BenchSupport.result("hostile.soak.lost", lost);
      } finally {
        hostile.shutdownNow();
      }
    }
  }

  /** The launcher with the config as it ships; its endpoints moved by the environment variables it reads. */
  private static Process start(Path launcher, Path config, HostileAttacks.Target t, int sinkPort, String redis,
      String log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "run", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(new File(log));
    pb.environment().put("RELAY_GRPC_ENDPOINT", "127.0.0.1:" + t.grpcPort());
    pb.environment().put("RELAY_HTTP_ENDPOINT", "127.0.0.1:" + t.httpPort());
    pb.environment().put("RELAY_ADMIN_ENDPOINT", "127.0.0.1:" + t.adminPort());
    pb.environment().put("TEMPO_ENDPOINT", "127.0.0.1:" + sinkPort);
    pb.environment().put("REDIS_URL", redis);
    String extra = System.getenv("RELAY_BENCH_JVM_OPTS");
    if (extra != null && !extra.isBlank()) {
      pb.environment().put("RELAY_JAVA_OPTS", extra.trim());
    }
    Process relay = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!BenchSupport.accepts(t.grpcPort()) || !BenchSupport.accepts(t.adminPort())) {
      if (System.nanoTime() > deadline || !relay.isAlive()) {
        relay.destroyForcibly();
        throw new IllegalStateException("the relay did not listen; see " + log);
      }
      Thread.sleep(20);
    }
    return relay;
  }
}
