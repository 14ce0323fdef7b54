package dev.relay.bench;

import com.google.protobuf.ByteString;
import dev.relay.otlp.OtlpGrpcMethods;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Pushes OTLP/gRPC load (100-span requests, 32 calls in flight; each span with 6 attributes and one event, one in
 * ten a selected {@code gateway.*} event) into a null sink directly, then through the relay (a separate process
 * started from the fat jar with the image's JVM flags, warmed up at saturation first), and prints spans/s of both
 * and their ratio, and the relay's CPU time per span delivered in the measured part: into a sink that only counts
 * spans, and into one that parses every request. Without Redis it measures the floors too, warmed up and
 * measured in the same way: {@link PassThroughFloor} forwarding bytes untouched, and decoding and re-encoding. Then
 * it drives 10,000 spans/s (100 requests of 100 spans a second, paced), for a warm-up and a measured part, twice:
 * into that relay, whose JIT the saturation phases have warmed, and into a fresh relay that never saw more than
 * 10,000 spans/s. Each time it prints the relay's CPU in % of one core (utime + stime from /proc/PID/stat), the
 * threads that used it, and its RSS (VmRSS from /proc/PID/status, max and last).
 *
 * <p>Usage: {@code java -jar relay-bench.jar RELAY_JAR [seconds] [redis-uri|none] [warm-up-seconds] [fresh-only]}
 * ({@code fresh-only}: only the fresh relay's paced phase, for trying JVM flags on its RSS).
 */
public final class ThroughputBench {
  static final int SPANS_PER_REQUEST = 100;
  private static final int IN_FLIGHT = 32;

  public static void main(String[] args) throws Exception {
    Path relayJar = Path.of(args.length > 0 ? args[0] : "relay-app/target/relay.jar");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    String redis = args.length > 2 ? args[2] : "none";
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : seconds;
    List<byte[]> requests = requests(64);

    AtomicLong sinkSpans = new AtomicLong();
    AtomicBoolean sinkParses = new AtomicBoolean();
    int sinkPort = BenchSupport.freePort();
    Server sink = NullSink.start(sinkPort, sinkSpans, sinkParses);
    try {
      measure(relayJar, seconds, redis, warmup, args.length > 4 && args[4].equals("fresh-only"), requests, sinkPort,
          sinkSpans, sinkParses);
    } finally {
      sink.shutdownNow();
    }
  }

  private static void measure(Path relayJar, int seconds, String redis, int warmup, boolean freshOnly,
      List<byte[]> requests, int sinkPort, AtomicLong sinkSpans, AtomicBoolean sinkParses) throws Exception {
    String tag = redis.equals("none") ? "tempo" : "redis";
    System.out.printf("load: %d-span requests (%d bytes each), %d calls in flight, %d s per phase%n",
        SPANS_PER_REQUEST, requests.get(0).length, IN_FLIGHT, seconds);
    int relayPort = BenchSupport.freePort();
    Path config = Files.createTempFile("relay-bench", ".yaml");
    Files.writeString(config, config(relayPort, sinkPort, redis));
    // The paced phases (CPU and RSS at 10k spans/s) always go into the counting sink.
    if (freshOnly) {
      // Only the fresh relay's paced phase: for trying JVM flags on the RSS figure (RELAY_BENCH_JVM_OPTS).
      freshRelay(relayJar, config, relayPort, requests, warmup, seconds, tag);
      return;
    }
    // Two kinds of null sink: one that only counts spans, and one that parses every request, as an OTLP backend
    // does, and as the sink of the floors did: with it the bare pass-throughs reproduce the 0.65x
    // and 0.5x. Into the counting sink the direct figure is 3-4x higher, so every ratio is lower.
    String[] sinkKinds = {"raw", "parsing"};
    double[] direct = new double[sinkKinds.length];
    // The load generator and the sink get the same warm-up as every process measured against them.
    sinkParses.set(true);
    warmUp(sinkPort, requests, warmup);
    for (int k = 0; k < sinkKinds.length; k++) {
      sinkParses.set(sinkKinds[k].equals("parsing"));
      direct[k] = drive(sinkPort, requests, seconds);
      System.out.printf("direct to null sink that %-13s %,10.0f spans/s%n", describe(sinkKinds[k]) + ":", direct[k]);
      BenchSupport.result(tag + "." + sinkKinds[k] + ".direct", direct[k]);
    }
    if (redis.equals("none")) {
      // The floors, in this run: what a bare pass-through delivers into the same sinks, once as warm as
      // the relay.
      for (String mode : List.of("bytes", "decode")) {
        int floorPort = BenchSupport.freePort();
        Process floor =
            BenchSupport.startFloor(mode, floorPort, sinkPort, "/tmp/relay-bench-floor-" + mode + ".log");
        try {
          intoEachSink(floor, floorPort, "bare pass-through, " + (mode.equals("bytes") ? "bytes untouched"
              : "decode + re-encode"), "floor." + mode, requests, seconds, warmup, sinkKinds, direct, sinkSpans,
              sinkParses);
        } finally {
          BenchSupport.stop(floor);
        }
      }
    }

    Process relay = BenchSupport.startRelay(relayJar, config, relayPort, "/tmp/relay-bench-relay.log");
    try {
      // At saturation, C2 still compiles for the relay's first 20 s or so: the warm-up comes before measuring.
      intoEachSink(relay, relayPort, "through the relay (redis fan-out: " + redis + ")", tag, requests, seconds,
          warmup, sinkKinds, direct, sinkSpans, sinkParses);
      System.out.printf("relay RSS after saturation: %d MiB%n", BenchSupport.rssKiB(relay.pid()) / 1024);
      sinkParses.set(false);
      // The same relay, its JIT warm from the saturation phases, at 10,000 spans/s ("once warm").
      System.out.print("JIT-warm relay (after the saturation phases): ");
      paced(relay, relayPort, requests, seconds, seconds, tag + ".warm");
    } finally {
      BenchSupport.stop(relay);
    }

    freshRelay(relayJar, config, relayPort, requests, warmup, seconds, tag);
  }

  /** A fresh relay at 10,000 spans/s (100 requests of 100 spans a second): warm-up, then the measured part. */
  private static void freshRelay(Path relayJar, Path config, int relayPort, List<byte[]> requests, int warmup,
      int seconds, String tag) throws Exception {
    Process paced = BenchSupport.startRelay(relayJar, config, relayPort, "/tmp/relay-bench-relay-paced.log");
    try {
      System.out.print("fresh relay, never saturated: ");
      paced(paced, relayPort, requests, warmup, seconds, tag + ".fresh");
    } finally {
      BenchSupport.stop(paced);
    }
  }

  /**
   * Saturates a process that forwards to the sink (the relay, or a floor): a warm-up, then the measured part.
   * Returns acknowledged spans/s, and the process's CPU time over the measured part per span the sink received in
   * it, in core-µs.
   */
  private static double[] saturate(Process process, int port, List<byte[]> requests, int seconds,
      AtomicLong sinkSpans) throws Exception {
    long[] cpu = new long[2];
    long[] delivered = new long[2];
    double through = drive(port, requests, seconds, () -> {
      cpu[0] = BenchSupport.cpuTicks(process.pid());
      delivered[0] = sinkSpans.get();
    }, () -> {
      cpu[1] = BenchSupport.cpuTicks(process.pid());
      delivered[1] = sinkSpans.get();
    });
    long spans = delivered[1] - delivered[0];
    return new double[] {through, spans > 0 ? BenchSupport.cpuSeconds(cpu[1] - cpu[0]) * 1e6 / spans : Double.NaN};
  }

  private static final int PACED_REQUESTS_PER_SECOND = 100;

  /**
   * Drives 10,000 spans/s; prints and records the relay's CPU (% of one core) and RSS (max and last of the measured
   * part, and max since the warm-up began).
   */
  private static void paced(Process relay, int port, List<byte[]> requests, int warmup, int seconds, String key)
      throws Exception {
    ManagedChannel ch = channel(port);
    try {
      // RSS is sampled in the warm-up too: a fresh relay peaks while C2 compiles, in its first minute.
      long[] warmupRss = {0};
      pace(ch, requests, warmup, () -> warmupRss[0] = Math.max(warmupRss[0], BenchSupport.rssKiB(relay.pid())));
      long[] rss = {0, 0};
      var threads0 = BenchSupport.cpuTicksByThread(relay.pid());
      long cpu0 = BenchSupport.cpuTicks(relay.pid());
      long t0 = System.nanoTime();
      double rate = pace(ch, requests, seconds, () -> {
        long kib = BenchSupport.rssKiB(relay.pid());
        rss[0] = Math.max(rss[0], kib);
        rss[1] = kib;
      });
      long cpu1 = BenchSupport.cpuTicks(relay.pid());
      var threads1 = BenchSupport.cpuTicksByThread(relay.pid());
      double elapsed = (System.nanoTime() - t0) / 1e9;
      double percent = 100 * BenchSupport.cpuSeconds(cpu1 - cpu0) / elapsed;
      System.out.printf("paced %,.0f spans/s for %d s (after %d s warm-up): relay CPU %.1f%% of one core"
          + " (%d ticks at %d Hz), RSS max %d MiB, last %d MiB; max since the warm-up began %d MiB%n", rate,
          seconds, warmup, percent, cpu1 - cpu0, BenchSupport.CLK_TCK, rss[0] / 1024, rss[1] / 1024,
          Math.max(warmupRss[0], rss[0]) / 1024);
      System.out.printf("  relay threads by CPU ticks in the paced part: %s%n",
          BenchSupport.topThreads(threads0, threads1, 8));
      long jit = 0;
      for (var e : BenchSupport.threadDeltas(threads0, threads1).entrySet()) {
        if (e.getKey().contains("CompilerThre")) {
          jit += e.getValue();
        }
      }
      double withoutJit = 100 * BenchSupport.cpuSeconds(cpu1 - cpu0 - jit) / elapsed;
      System.out.printf("  without the JIT compiler threads: %.1f%% of one core%n",
          withoutJit);
      BenchSupport.result(key + ".cpuPercentNoJit", withoutJit);
      BenchSupport.result(key + ".rate", rate);
      BenchSupport.result(key + ".cpuPercent", percent);
      BenchSupport.result(key + ".rssMaxMiB", rss[0] / 1024.0);
      BenchSupport.result(key + ".rssLastMiB", rss[1] / 1024.0);
      BenchSupport.result(key + ".rssSinceWarmupMaxMiB", Math.max(warmupRss[0], rss[0]) / 1024.0);
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Sends {@link #PACED_REQUESTS_PER_SECOND} requests a second for {@code seconds}, parking between them (no
   * spinning on the shared cores), at most {@link #IN_FLIGHT} in flight; calls {@code sample} every 100 ms.
   * Returns acknowledged spans/s.
   */
  static double pace(ManagedChannel ch, List<byte[]> requests, int seconds, Runnable sample)
      throws Exception {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    AtomicLong acked = new AtomicLong();
    Failures failed = new Failures();
    long interval = TimeUnit.SECONDS.toNanos(1) / PACED_REQUESTS_PER_SECOND;
    int total = seconds * PACED_REQUESTS_PER_SECOND;
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long wait = start + i * interval - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (sample != null && i % (PACED_REQUESTS_PER_SECOND / 10) == 0) {
        sample.run();
      }
      inFlight.acquire();
      send(ch, requests.get(i % requests.size()), inFlight, acked, failed);
    }
    inFlight.acquire(IN_FLIGHT);
    if (sample != null) {
      sample.run();
    }
    failed.print();
    return acked.get() / ((System.nanoTime() - start) / 1e9);
  }

  /** Failed calls: how many, and the status of the first, so that a run says why calls failed. */
  private static final class Failures {
    private final AtomicLong count = new AtomicLong();
    private volatile String first;

    void add(Throwable t) {
      if (count.getAndIncrement() == 0) {
        first = Status.fromThrowable(t).toString();
      }
    }

    void print() {
      if (count.get() > 0) {
        System.out.printf("  (%d calls failed; the first: %s)%n", count.get(), first);
      }
    }
  }

  private static void send(ManagedChannel ch, byte[] body, Semaphore inFlight, AtomicLong acked, Failures failed) {
    ClientCalls.asyncUnaryCall(ch.newCall(OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT), body,
        new StreamObserver<>() {
          @Override
          public void onNext(ExportTraceServiceResponse value) {}

          @Override
          public void onError(Throwable t) {
            failed.add(t);
            inFlight.release();
          }

          @Override
          public void onCompleted() {
            acked.addAndGet(SPANS_PER_REQUEST);
            inFlight.release();
          }
        });
  }

  /** The bench's config: OTLP in, OTLP out to the sink, the Redis route when redis is not "none". */
  static String config(int relayPort, int sinkPort, String redis) throws Exception {
    // The admin server on a free port, not the default 13133, which other relays on the machine may hold.
    int adminPort = BenchSupport.freePort();
    String redisExporter = redis.equals("none") ? "" : """
          redis:
            endpoint: %s
            routes:
              - match: 'IsMatch(name, "^gateway\\\\.")'
                channel: bench:activity
                payload:
                  call_id: span.attributes["luthien.call_id"]
                  event_type: name
                  timestamp: time
                  data: attributes
        """.formatted(redis);
    return """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:%d
        exporters:
          otlp:
            endpoint: 127.0.0.1:%d
            tls:
              insecure: true
            compression: none
        %s
        service:
          admin:
            endpoint: 127.0.0.1:%d
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlp%s]
        """.formatted(relayPort, sinkPort, redisExporter, adminPort, redis.equals("none") ? "" : ", redis");
  }

  /**
   * Warms a process that forwards to the sink up at saturation, then measures it into each kind of sink; prints
   * and records {@code key.KIND.through}, {@code .ratio} (to that sink's direct figure) and
   * {@code .coreMicrosPerSpan}.
   */
  private static void intoEachSink(Process process, int port, String what, String key, List<byte[]> requests,
      int seconds, int warmup, String[] sinkKinds, double[] direct, AtomicLong sinkSpans, AtomicBoolean sinkParses)
      throws Exception {
    warmUp(port, requests, warmup);
    for (int k = 0; k < sinkKinds.length; k++) {
      sinkParses.set(sinkKinds[k].equals("parsing"));
      double[] m = saturate(process, port, requests, seconds, sinkSpans);
      System.out.printf("%s, into the sink that %s: %,.0f spans/s acknowledged, ratio %.2f, %.2f core-us per span%n",
          what, describe(sinkKinds[k]), m[0], m[0] / direct[k], m[1]);
      BenchSupport.result(key + "." + sinkKinds[k] + ".through", m[0]);
      BenchSupport.result(key + "." + sinkKinds[k] + ".ratio", m[0] / direct[k]);
      BenchSupport.result(key + "." + sinkKinds[k] + ".coreMicrosPerSpan", m[1]);
    }
  }

  /** A plaintext channel to a process on this machine, as the load generator's. */
  static ManagedChannel channel(int port) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().maxInboundMessageSize(16 << 20)
        .build();
  }

  private static String describe(String sinkKind) {
    return sinkKind.equals("parsing") ? "parses" : "only counts";
  }

  /** Saturates the process on {@code port} for {@code seconds}, measuring nothing: a warm-up. */
  private static void warmUp(int port, List<byte[]> requests, int seconds) throws Exception {
    ManagedChannel ch = channel(port);
    try {
      run(ch, requests, seconds);
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Drives load for a warm-up of {@code seconds} then measures for {@code seconds}; returns acked spans/s. */
  static double drive(int port, List<byte[]> requests, int seconds) throws Exception {
    return drive(port, requests, seconds, () -> {}, () -> {});
  }

  /** As above, running {@code beforeMeasured} and {@code afterMeasured} around the measured part. */
  static double drive(int port, List<byte[]> requests, int seconds, Runnable beforeMeasured, Runnable afterMeasured)
      throws Exception {
    ManagedChannel ch = channel(port);
    try {
      run(ch, requests, seconds); // warm-up
      beforeMeasured.run();
      double rate = run(ch, requests, seconds);
      afterMeasured.run();
      return rate;
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Saturates {@code ch} for {@code seconds}, {@link #IN_FLIGHT} calls in flight: acknowledged spans/s. */
  static double run(ManagedChannel ch, List<byte[]> requests, int seconds) throws Exception {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    AtomicLong acked = new AtomicLong();
    Failures failed = new Failures();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    int i = 0;
    while (System.nanoTime() < end) {
      inFlight.acquire();
      send(ch, requests.get(i++ % requests.size()), inFlight, acked, failed);
    }
    inFlight.acquire(IN_FLIGHT);
    double elapsed = (System.nanoTime() - start) / 1e9;
    failed.print();
    return acked.get() / elapsed;
  }

  static List<byte[]> requests(int n) {
    Random random = new Random(1);
    List<byte[]> out = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      ScopeSpans.Builder scope = ScopeSpans.newBuilder()
          .setScope(InstrumentationScope.newBuilder().setName("bench").setVersion("1.0"));
      for (int s = 0; s < SPANS_PER_REQUEST; s++) {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        random.nextBytes(trace);
        random.nextBytes(span);
        long t0 = 1_795_752_306_000_000_000L + random.nextInt(1_000_000_000);
        boolean selected = s % 10 == 0;
        scope.addSpans(Span.newBuilder()
            .setTraceId(ByteString.copyFrom(trace))
            .setSpanId(ByteString.copyFrom(span))
            .setName("POST /v1/chat/completions")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(t0)
            .setEndTimeUnixNano(t0 + 12_345_678)
            .addAttributes(kv("luthien.call_id", "call-" + random.nextInt(1_000_000)))
            .addAttributes(kv("http.method", "POST"))
            .addAttributes(kv("http.route", "/v1/chat/completions"))
            .addAttributes(kv("http.status_code", 200))
            .addAttributes(kv("model", "gpt-4o-mini"))
            .addAttributes(kv("user.tier", "pro"))
            .addEvents(Span.Event.newBuilder()
                .setName(selected ? "gateway.request_received" : "internal.checkpoint")
                .setTimeUnixNano(t0 + 1000)
                .addAttributes(kv("model", "gpt-4o-mini"))
                .addAttributes(kv("stream", true))));
      }
      out.add(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
          .setResource(Resource.newBuilder().addAttributes(kv("service.name", "gateway"))
              .addAttributes(kv("deployment.environment", "bench")))
          .addScopeSpans(scope)).build().toByteArray());
    }
    return out;
  }

  private static KeyValue kv(String k, Object v) {
    AnyValue.Builder a = AnyValue.newBuilder();
    if (v instanceof String s) {
      a.setStringValue(s);
    } else if (v instanceof Integer i) {
      a.setIntValue(i);
    } else if (v instanceof Boolean b) {
      a.setBoolValue(b);
    }
    return KeyValue.newBuilder().setKey(k).setValue(a).build();
  }



}
