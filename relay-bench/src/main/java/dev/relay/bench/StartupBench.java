package dev.relay.bench;

import dev.relay.otlp.OtlpGrpcMethods;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-up time of {@code relay run}, with the image's JVM flags: from launching the process to its gRPC port
 * accepting a TCP connection (polled every 2 ms), and to the first Export call that succeeds. Each variant runs
 * {@code runs} times, interleaved, and the bench prints min and median:
 *
 * <ul>
 *   <li>{@code default}: the image's flags only (the JDK's own CDS archive of JDK classes is on by default);
 *   <li>{@code appcds-run}: plus {@code -XX:SharedArchiveFile} of an AppCDS archive written at the exit of a
 *       training {@code relay run} that served a few seconds of load ({@code -XX:ArchiveClassesAtExit});
 *   <li>{@code appcds-image}: the same with an archive trained as docker/Dockerfile does: a {@code relay run} that
 *       answers empty Export calls for a second (the Dockerfile sends them with curl), then gets SIGTERM;
 *   <li>{@code appcds-validate}: the same with an archive trained by {@code relay validate} only;
 *   <li>{@code archive-missing}: {@code -XX:SharedArchiveFile} naming a file that is not there, which is what the
 *       image does if its archive is ever missing.
 * </ul>
 *
 * <p>Usage: {@code java -cp relay-bench.jar dev.relay.bench.StartupBench RELAY_JAR [runs] [redis-uri|none]}
 */
public final class StartupBench {
  public static void main(String[] args) throws Exception {
    Path relayJar = Path.of(args.length > 0 ? args[0] : "relay-app/target/relay.jar").toAbsolutePath();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String redis = args.length > 2 ? args[2] : "none";

    int sinkPort = BenchSupport.freePort();
    Server sink = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", sinkPort))
        .addService(ServerServiceDefinition.builder(OtlpGrpcMethods.TRACE_SERVICE)
            .addMethod(OtlpGrpcMethods.TRACE_EXPORT, ServerCalls.asyncUnaryCall(
                (byte[] req, StreamObserver<ExportTraceServiceResponse> obs) -> {
                  obs.onNext(ExportTraceServiceResponse.getDefaultInstance());
                  obs.onCompleted();
                }))
            .build())
        .directExecutor().maxInboundMessageSize(64 << 20).build().start();
    byte[] request = ThroughputBench.requests(1).get(0);
    // Load the client's own classes first, so that its first call does not count against the relay.
    for (int i = 0; i < 3; i++) {
      export(sinkPort, request, 5_000);
    }
    int relayPort = BenchSupport.freePort();
    Path config = Files.createTempFile("relay-startup-bench", ".yaml");
    Files.writeString(config, ThroughputBench.config(relayPort, sinkPort, redis));
    Path dir = Files.createTempDirectory("relay-cds");
    try {
      Path runArchive = dir.resolve("relay-run.jsa");
      Path imageArchive = dir.resolve("relay-image.jsa");
      Path validateArchive = dir.resolve("relay-validate.jsa");
      long t0 = System.nanoTime();
      trainWithRun(relayJar, config, relayPort, request, runArchive, 3);
      System.out.printf("training run (relay run, 3 s of load, SIGTERM): %.1f s, archive %,d KiB%n",
          (System.nanoTime() - t0) / 1e9, Files.size(runArchive) / 1024);
      t0 = System.nanoTime();
      trainWithRun(relayJar, config, relayPort, new byte[0], imageArchive, 1);
      System.out.printf("training run (relay run, 1 s of empty Exports, SIGTERM; as docker/Dockerfile does):"
          + " %.1f s, archive %,d KiB%n", (System.nanoTime() - t0) / 1e9, Files.size(imageArchive) / 1024);
      t0 = System.nanoTime();
      trainWithValidate(relayJar, config, validateArchive);
      System.out.printf("training run (relay validate): %.1f s, archive %,d KiB%n", (System.nanoTime() - t0) / 1e9,
          Files.size(validateArchive) / 1024);

      Map<String, List<String>> variants = new LinkedHashMap<>();
      variants.put("default", List.of());
      variants.put("appcds-run", List.of("-XX:SharedArchiveFile=" + runArchive));
      variants.put("appcds-image", List.of("-XX:SharedArchiveFile=" + imageArchive));
      variants.put("appcds-validate", List.of("-XX:SharedArchiveFile=" + validateArchive));
      variants.put("archive-missing", List.of("-XX:SharedArchiveFile=" + dir.resolve("missing.jsa")));
      Map<String, long[][]> samples = new LinkedHashMap<>(); // variant -> {listen[], export[], cpuTicks[]}
      variants.keySet().forEach(v -> samples.put(v, new long[3][runs]));
      for (int r = 0; r < runs; r++) {
        for (Map.Entry<String, List<String>> v : variants.entrySet()) {
          long[][] s = samples.get(v.getKey());
          long[] one = once(relayJar, config, relayPort, request, v.getValue(), "/tmp/relay-startup-bench.log");
          s[0][r] = one[0];
          s[1][r] = one[1];
          s[2][r] = one[2];
        }
      }
      System.out.printf("start-up, %d runs each (image flags %s):%n", runs, String.join(" ", BenchSupport.IMAGE_FLAGS));
      for (Map.Entry<String, long[][]> e : samples.entrySet()) {
        long[][] s = e.getValue();
        System.out.printf("  %-16s accepting: min %4d ms, median %4d ms | first Export ok: min %4d ms, median %4d ms"
                + " | relay CPU until then: median %.2f core-s%n", e.getKey(),
            BenchSupport.min(s[0]) / 1_000_000, BenchSupport.median(s[0]) / 1_000_000,
            BenchSupport.min(s[1]) / 1_000_000, BenchSupport.median(s[1]) / 1_000_000,
            BenchSupport.cpuSeconds(BenchSupport.median(s[2])));
        BenchSupport.result("startup." + e.getKey() + ".listen.min", BenchSupport.min(s[0]) / 1e6);
        BenchSupport.result("startup." + e.getKey() + ".listen.median", BenchSupport.median(s[0]) / 1e6);
        BenchSupport.result("startup." + e.getKey() + ".export.min", BenchSupport.min(s[1]) / 1e6);
        BenchSupport.result("startup." + e.getKey() + ".export.median", BenchSupport.median(s[1]) / 1e6);
      }
    } finally {
      sink.shutdownNow();
      try (var files = Files.list(dir)) {
        files.forEach(f -> f.toFile().delete());
      }
      Files.deleteIfExists(dir);
    }
  }

  /** One start: returns {nanos to accepting, nanos to first successful Export, relay CPU ticks by then}. */
  private static long[] once(Path relayJar, Path config, int port, byte[] request, List<String> flags, String log)
      throws Exception {
    long start = System.nanoTime();
    Process relay = BenchSupport.launchRelay(relayJar, config, log, flags);
    try {
      long deadline = start + TimeUnit.SECONDS.toNanos(30);
      while (!BenchSupport.accepts(port)) {
        if (System.nanoTime() > deadline || !relay.isAlive()) {
          throw new IllegalStateException("relay did not listen on " + port + "; see " + log);
        }
        Thread.sleep(2);
      }
      long listening = System.nanoTime() - start;
      while (!export(port, request, 5_000)) {
        if (System.nanoTime() > deadline || !relay.isAlive()) {
          throw new IllegalStateException("no Export succeeded; see " + log);
        }
        Thread.sleep(2);
      }
      long exported = System.nanoTime() - start;
      return new long[] {listening, exported, BenchSupport.cpuTicks(relay.pid())};
    } finally {
      BenchSupport.stop(relay);
    }
  }

  private static boolean export(int port, byte[] request, long timeoutMillis) {
    ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      ClientCalls.blockingUnaryCall(ch, OtlpGrpcMethods.TRACE_EXPORT,
          CallOptions.DEFAULT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS), request);
      return true;
    } catch (RuntimeException e) {
      return false;
    } finally {
      ch.shutdownNow();
    }
  }

  /** The archive written when a relay that served {@code loadSeconds} of load exits on SIGTERM. */
  static void trainWithRun(Path relayJar, Path config, int port, byte[] request, Path archive, int loadSeconds)
      throws Exception {
    Process relay = BenchSupport.launchRelay(relayJar, config, "/tmp/relay-startup-train.log",
        List.of("-XX:ArchiveClassesAtExit=" + archive));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!BenchSupport.accepts(port)) {
      if (System.nanoTime() > deadline) {
        relay.destroyForcibly();
        throw new IllegalStateException("training relay did not listen; see /tmp/relay-startup-train.log");
      }
      Thread.sleep(10);
    }
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(loadSeconds);
    while (System.nanoTime() < end) {
      export(port, request, 5_000);
      Thread.sleep(10);
    }
    relay.destroy();
    if (!relay.waitFor(60, TimeUnit.SECONDS) || !Files.exists(archive)) {
      relay.destroyForcibly();
      throw new IllegalStateException("no archive written; see /tmp/relay-startup-train.log");
    }
  }

  /** The archive written at the exit of {@code relay validate}. */
  static void trainWithValidate(Path relayJar, Path config, Path archive) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(BenchSupport.IMAGE_FLAGS);
    cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-jar", relayJar.toString(), "validate", "--config",
        config.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(new File("/tmp/relay-startup-train-validate.log")).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(archive)) {
      p.destroyForcibly();
      throw new IllegalStateException("relay validate wrote no archive; see /tmp/relay-startup-train-validate.log");
    }
  }
}
