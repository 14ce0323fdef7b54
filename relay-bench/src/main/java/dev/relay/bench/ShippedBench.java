package dev.relay.bench;

import dev.relay.otlp.OtlpGrpcMethods;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.ClientCalls;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay as a user starts it: through the launcher ({@code relay-app/target/relay}), with an example config
 * unchanged (its endpoints moved to free ports by {@code --set}, as a user would), gzip to the Tempo stand-in as the
 * config says. In one run: a fresh relay's first minute at 10k spans/s; a saturation burst beside the direct
 * null-sink rate; a minute at 10k spans/s after it; the export -> subscriber latency of a blocking unary client (one
 * call at a time, as an app's exporter sends a small batch) next to a direct PUBLISH; and, on a second relay, the
 * idle cost 30 s after start with Tempo and Redis up and no traffic.
 *
 * <p>Usage: {@code java -cp relay-bench.jar dev.relay.bench.ShippedBench LAUNCHER CONFIG REDIS_PORT [minute-seconds
 * (60)] [burst-seconds (20)] [probe-seconds (20)]}; {@code RELAY_BENCH_JVM_OPTS} adds relay JVM flags, and
 * {@code RELAY_BENCH_JFR=DIR} records each loaded phase with JFR ({@link PhaseRecording}); {@code RELAY_BENCH_SET="k=v
 * ..."} changes the config as {@code --set k=v} each. {@code ... REDIS_PORT idle
 * [settle-seconds (30)] [measure-seconds (30)] [load-seconds (0)]} measures only the idle relay, with its wake-ups
 * per thread ({@link IdleWakeups}; bench/idle-wakeups.sh); load-seconds of 10k spans/s first, if asked, make it the
 * idle of a sidecar between bursts (the exporters' connections open) rather than of a relay that never had traffic.
 */
public final class ShippedBench {
  public static void main(String[] args) throws Exception {
    Path launcher = Path.of(args[0]).toAbsolutePath();
    Path config = Path.of(args[1]).toAbsolutePath();
    int redisPort = Integer.parseInt(args[2]);
    if (args.length > 3 && args[3].equals("idle")) {
      idleOnly(launcher, config, redisPort, args.length > 4 ? Integer.parseInt(args[4]) : 30,
          args.length > 5 ? Integer.parseInt(args[5]) : 30, args.length > 6 ? Integer.parseInt(args[6]) : 0);
      return;
    }
    int minute = args.length > 3 ? Integer.parseInt(args[3]) : 60;
    int burst = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    int probe = args.length > 5 ? Integer.parseInt(args[5]) : 20;
    List<byte[]> requests = ThroughputBench.requests(64);
    AtomicLong sinkSpans = new AtomicLong();
    int sinkPort = BenchSupport.freePort();
    Server sink = NullSink.start(sinkPort, sinkSpans, new AtomicBoolean(true));
    RedisClient redis = RedisClient.create("redis://127.0.0.1:" + redisPort);
    try {
      System.out.printf("relay: %s run --config %s (gzip to Tempo as configured); load: 100-span requests, 32 calls"
          + " in flight; a minute = %d s%n", launcher, config, minute);
      double direct = ThroughputBench.drive(sinkPort, requests, burst);
      System.out.printf("direct to the null sink (parses):            %,10.0f spans/s%n", direct);
      BenchSupport.result("shipped.direct", direct);

      Ports ports = new Ports();
      Process relay = start(launcher, config, ports, sinkPort, redisPort, "/tmp/relay-shipped.log");
      try {
        try (PhaseRecording r = PhaseRecording.start(relay, "fresh")) {
          paced(relay, ports.grpc, requests, minute, "shipped.fresh", "fresh relay, its first minute at 10k spans/s");
        }
        double through;
        try (PhaseRecording r = PhaseRecording.start(relay, "burst")) {
          through = ThroughputBench.drive(ports.grpc, requests, burst);
        }
        System.out.printf("saturation burst (%d s) through the relay:   %,10.0f spans/s = %.2fx direct%n", burst,
            through, through / direct);
        BenchSupport.result("shipped.burst", through);
        BenchSupport.result("shipped.ratio", through / direct);
        try (PhaseRecording r = PhaseRecording.start(relay, "afterBurst")) {
          paced(relay, ports.grpc, requests, minute, "shipped.afterBurst", "the minute after the burst, 10k spans/s");
        }
        try (PhaseRecording r = PhaseRecording.start(relay, "latency")) {
          latency(redis, ports.grpc, sinkPort, probe);
        }
      } finally {
        BenchSupport.stop(relay);
      }
      System.out.printf("stopped by SIGTERM: exit code %d%n", relay.exitValue());

      Ports idlePorts = new Ports();
      Process idle = start(launcher, config, idlePorts, sinkPort, redisPort, "/tmp/relay-shipped-idle.log");
      try {
        IdleWakeups.measure(idle, minute / 2, minute / 2);
      } finally {
        BenchSupport.stop(idle);
      }
    } finally {
      redis.shutdown();
      sink.shutdownNow();
    }
  }

  /** The idle phase alone: the relay with its Tempo stand-in and Redis up, nothing sent (after {@code load} s). */
  private static void idleOnly(Path launcher, Path config, int redisPort, int settle, int measure, int load)
      throws Exception {
    int sinkPort = BenchSupport.freePort();
    Server sink = NullSink.start(sinkPort, new AtomicLong(), new AtomicBoolean(true));
    try {
      Ports ports = new Ports();
      Process idle = start(launcher, config, ports, sinkPort, redisPort, "/tmp/relay-shipped-idle.log");
      System.out.printf("relay (pid %d): %s run --config %s%n", idle.pid(), launcher, config);
      try {
        if (load > 0) {
          paced(idle, ports.grpc, ThroughputBench.requests(64), load, "shipped.idleLoad", "first, 10k spans/s");
        }
        IdleWakeups.measure(idle, settle, measure);
      } finally {
        BenchSupport.stop(idle);
      }
    } finally {
      sink.shutdownNow();
    }
  }

  /** Free ports for the relay's listeners. */
  private static final class Ports {
    final int grpc = BenchSupport.freePort();
    final int admin = BenchSupport.freePort();

    Ports() throws Exception {}
  }

  /** The launcher with the config file as it ships; only its endpoints are moved, by {@code --set}. */
  private static Process start(Path launcher, Path config, Ports ports, int sinkPort, int redisPort, String log)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "run", "--config", config.toString(),
        "--set", "receivers.otlp.protocols.grpc.endpoint=127.0.0.1:" + ports.grpc,
        "--set", "exporters.otlp/tempo.endpoint=127.0.0.1:" + sinkPort,
        "--set", "exporters.redis/activity.endpoint=redis://127.0.0.1:" + redisPort,
        "--set", "service.admin.endpoint=127.0.0.1:" + ports.admin));
    String sets = System.getenv("RELAY_BENCH_SET");
    if (sets != null) {
      for (String set : sets.trim().split("\\s+")) {
        if (!set.isEmpty()) {
          cmd.addAll(List.of("--set", set));
        }
      }
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(log));
    String extra = System.getenv("RELAY_BENCH_JVM_OPTS");
    if (extra != null && !extra.isBlank()) {
      pb.environment().put("RELAY_JAVA_OPTS", extra.trim());
    }
    Process relay = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!BenchSupport.accepts(ports.grpc)) {
      if (System.nanoTime() > deadline || !relay.isAlive()) {
        relay.destroyForcibly();
        throw new IllegalStateException("the relay did not listen on " + ports.grpc + "; see " + log);
      }
      Thread.sleep(20);
    }
    return relay;
  }

  /** 10k spans/s for {@code seconds}: the relay's CPU (% of a core) and RSS (max, last), recorded under key. */
  private static void paced(Process relay, int port, List<byte[]> requests, int seconds, String key, String what)
      throws Exception {
    ManagedChannel ch = ThroughputBench.channel(port);
    try {
      long[] rss = {0, 0};
      long cpu0 = BenchSupport.cpuTicks(relay.pid());
      long t0 = System.nanoTime();
      double rate = ThroughputBench.pace(ch, requests, seconds, () -> {
        long kib = BenchSupport.rssKiB(relay.pid());
        rss[0] = Math.max(rss[0], kib);
        rss[1] = kib;
      });
      double elapsed = (System.nanoTime() - t0) / 1e9;
      double percent = 100 * BenchSupport.cpuSeconds(BenchSupport.cpuTicks(relay.pid()) - cpu0) / elapsed;
      System.out.printf("%-45s %,.0f spans/s: CPU %.1f%% of a core, RSS max %d MiB, last %d MiB%n", what + ":",
          rate, percent, rss[0] / 1024, rss[1] / 1024);
      BenchSupport.result(key + ".cpuPercent", percent);
      BenchSupport.result(key + ".rssMaxMiB", rss[0] / 1024.0);
      BenchSupport.result(key + ".rssLastMiB", rss[1] / 1024.0);
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * 1,000 probes a second, each a blocking unary Export of one span with one selected event that carries its send
   * time, against a blocking PUBLISH of the same time from the same machine; the subscriber subtracts.
   */
  /** One blocking Export of {@code request} on {@code ch}: its round trip in nanoseconds. */
  private static long roundTrip(ManagedChannel ch, byte[] request) {
    long begin = System.nanoTime();
    ClientCalls.blockingUnaryCall(ch, OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT, request);
    return System.nanoTime() - begin;
  }

  /** Round trips of one-span blocking Exports to {@code port}, one a millisecond for {@code seconds}, sorted. */
  private static long[] roundTrips(int port, Random random, int seconds) throws Exception {
    ManagedChannel ch = ThroughputBench.channel(port);
    try {
      long[] rtt = new long[seconds * 1000];
      long start = System.nanoTime();
      for (int i = 0; i < rtt.length; i++) {
        long wait = start + i * 1_000_000L - System.nanoTime();
        if (wait > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
        byte[] request = RedisBench.request(random, 1, System.nanoTime()).toByteArray();
        rtt[i] = roundTrip(ch, request);
      }
      java.util.Arrays.sort(rtt);
      return rtt;
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static void latency(RedisClient redis, int port, int sinkPort, int seconds) throws Exception {
    ManagedChannel ch = ThroughputBench.channel(port);
    Random random = new Random(7);
    try (StatefulRedisConnection<String, String> direct = redis.connect()) {
      // The config's channel, unchanged. No load runs meanwhile, so every message on it is a probe (what
      // RedisBench.latencies expects).
      // Each Export's own round trip too: it ends once the relay handed the event to Redis's client, so it tells
      // the tail before that hand-off from the tail after it.
      long[] roundTrips = new long[seconds * 1000];
      int[] calls = {0};
      long[] viaRelay = RedisBench.latencies(redis, "luthien:activity", new int[] {seconds}, t -> {
        byte[] request = RedisBench.request(random, 1, t).toByteArray();
        long rtt = roundTrip(ch, request);
        if (calls[0] < roundTrips.length) {
          roundTrips[calls[0]++] = rtt;
        }
      })[0];
      long[] exportRtt = java.util.Arrays.copyOf(roundTrips, calls[0]);
      java.util.Arrays.sort(exportRtt);
      long[] directly = RedisBench.latencies(redis, "shipped-direct", new int[] {seconds},
          t -> direct.sync().publish("shipped-direct", "{\"t\":" + t + "}"))[0];
      for (double p : new double[] {50, 99, 99.9}) {
        BenchSupport.result("shipped.latency.relay.p" + p, ms(viaRelay, p));
        BenchSupport.result("shipped.latency.direct.p" + p, ms(directly, p));
      }
      System.out.printf("blocking Export -> subscriber: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms (%d samples)%n",
          ms(viaRelay, 50), ms(viaRelay, 99), ms(viaRelay, 99.9), viaRelay.length);
      System.out.printf("  of which the Export's round trip: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms%n",
          ms(exportRtt, 50), ms(exportRtt, 99), ms(exportRtt, 99.9));
      BenchSupport.result("shipped.latency.exportRoundTrip.p99", ms(exportRtt, 99));
      System.out.printf("blocking PUBLISH -> subscriber: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms (%d samples)%n",
          ms(directly, 50), ms(directly, 99), ms(directly, 99.9), directly.length);
      System.out.printf("relay-added p99: %.3f ms%n", ms(viaRelay, 99) - ms(directly, 99));
      // The floor of the protocol itself: the same blocking client against the null sink, no relay on the way.
      long[] floor = roundTrips(sinkPort, random, seconds);
      System.out.printf("blocking Export -> the null sink, no relay (the gRPC floor): round trip p50 %.3f ms, p99"
          + " %.3f ms, p99.9 %.3f ms%n", ms(floor, 50), ms(floor, 99), ms(floor, 99.9));
      BenchSupport.result("shipped.latency.grpcFloor.p99", ms(floor, 99));
      System.out.printf("the relay's Export round trip above the gRPC floor at p99: %.3f ms%n",
          ms(exportRtt, 99) - ms(floor, 99));
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** The {@code p}th percentile of sorted nanoseconds, in milliseconds. */
  private static double ms(long[] sorted, double p) {
    return RedisBench.pct(sorted, p) / 1e6;
  }
}
