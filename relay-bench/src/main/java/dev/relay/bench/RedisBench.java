package dev.relay.bench;

import com.google.protobuf.ByteString;
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
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redis fan-out on its own: selected events per second published through the relay against
 * {@code redis-benchmark -P 32 PUBLISH} in the same run, and the latency a subscriber sees from the Export call,
 * next to a direct PUBLISH from the same client.
 *
 * <p>Latency is measured twice through the relay: in the first seconds of a fresh relay (after a 3 s warm-up), and
 * once the JIT has settled (after {@code warm} more seconds at the same rate). The settled figure is the one
 * compared with the target, as CPU is judged "once warm"; the fresh one is printed beside it.
 *
 * <p>Usage: {@code java -cp relay-bench.jar dev.relay.bench.RedisBench RELAY_JAR REDIS_PORT [seconds] [warm]}
 */
public final class RedisBench {
  private static final int WARMUP_SECONDS = 3;
  public static void main(String[] args) throws Exception {
    Path relayJar = Path.of(args[0]);
    int redisPort = Integer.parseInt(args[1]);
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int warm = args.length > 3 ? Integer.parseInt(args[3]) : 3 * seconds;
    String redisUri = "redis://127.0.0.1:" + redisPort;

    double benchmark = redisBenchmark(redisPort);
    System.out.printf("redis-benchmark -P 32 PUBLISH:            %,12.0f messages/s%n", benchmark);

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
    int relayPort = BenchSupport.freePort();
    Path config = Files.createTempFile("relay-redis-bench", ".yaml");
    Files.writeString(config, """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:%d
        exporters:
          otlp:
            endpoint: 127.0.0.1:%d
            tls: {insecure: true}
            compression: none
          redis:
            endpoint: %s
            routes:
              - match: 'IsMatch(name, "^gateway\\\\.")'
                channel: bench
                payload:
                  t: attributes["t"]
                  call_id: span.attributes["luthien.call_id"]
                  event_type: name
        service:
          admin:
            endpoint: 127.0.0.1:%d
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlp, redis]
        """.formatted(relayPort, sinkPort, redisUri, BenchSupport.freePort()));
    Process relay = BenchSupport.startRelay(relayJar, config, relayPort, "/tmp/relay-redis-bench.log");
    RedisClient client = RedisClient.create(redisUri);
    try (StatefulRedisConnection<String, String> admin = client.connect()) {
      ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", relayPort).usePlaintext().build();
      Random random = new Random(3);
      // Latency at 1,000 events/s: the event carries the send time; the subscriber subtracts it.
      // One paced run: the first window is the fresh relay, the last one the relay whose JIT has settled.
      long[][] windows = latencies(client, "bench", new int[] {WARMUP_SECONDS, seconds, warm, seconds}, t -> {
        byte[] body = request(random, 1, t).toByteArray();
        ClientCalls.futureUnaryCall(ch.newCall(OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT), body);
      });
      long[] fresh = windows[1];
      long[] viaRelay = windows[3];
      try (StatefulRedisConnection<String, String> direct = client.connect()) {
        long[] directly = latencies(client, "direct", new int[] {WARMUP_SECONDS, seconds},
            t -> direct.async().publish("direct", "{\"t\":" + t + "}"))[1];
        report("direct PUBLISH", directly);
        report("Export -> relay -> subscriber", viaRelay);
        report("  the same, fresh relay (s " + WARMUP_SECONDS + "-" + (WARMUP_SECONDS + seconds) + ")", fresh);
        System.out.printf("relay-added latency, fresh relay: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms%n",
            (pct(fresh, 50) - pct(directly, 50)) / 1e6, (pct(fresh, 99) - pct(directly, 99)) / 1e6,
            (pct(fresh, 99.9) - pct(directly, 99.9)) / 1e6);
        System.out.printf("relay-added latency: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms%n",
            (pct(viaRelay, 50) - pct(directly, 50)) / 1e6, (pct(viaRelay, 99) - pct(directly, 99)) / 1e6,
            (pct(viaRelay, 99.9) - pct(directly, 99.9)) / 1e6);
        for (double p : new double[] {50, 99, 99.9}) {
          BenchSupport.result("latency.direct.p" + p, pct(directly, p) / 1e6);
          BenchSupport.result("latency.relay.p" + p, pct(viaRelay, p) / 1e6);
          BenchSupport.result("latency.added.p" + p, (pct(viaRelay, p) - pct(directly, p)) / 1e6);
          BenchSupport.result("latency.freshAdded.p" + p, (pct(fresh, p) - pct(directly, p)) / 1e6);
        }
      }
      // Throughput: every span carries one selected event.
      List<byte[]> requests = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        requests.add(request(random, 100, 0).toByteArray());
      }
      drive(ch, requests, seconds); // warm-up
      long before = publishCalls(admin);
      long t0 = System.nanoTime();
      drive(ch, requests, seconds);
      Thread.sleep(500); // let in-flight publishes land before reading the server's count
      double elapsed = (System.nanoTime() - t0) / 1e9;
      double rate = (publishCalls(admin) - before) / elapsed;
      System.out.printf("through the relay (selected events):      %,12.0f messages/s  (%.2f of redis-benchmark)%n",
          rate, rate / benchmark);
      BenchSupport.result("redis.benchmark", benchmark);
      BenchSupport.result("redis.published", rate);

      ch.shutdownNow();
    } finally {
      BenchSupport.stop(relay);
      client.shutdown();
      sink.shutdownNow();
    }
  }

  interface Sender {
    void send(long nanoTime) throws Exception;
  }

  /**
   * Sends 1,000 events/s for the sum of {@code phases} (seconds each) and returns the latencies received in each
   * phase, sorted. Samples are assigned to phases by the send time they carry.
   */
  static long[][] latencies(RedisClient client, String channel, int[] phases, Sender sender)
      throws Exception {
    Pattern t = Pattern.compile("\"t\":(\\d+)");
    int total = Arrays.stream(phases).sum() * 1000;
    long[] sent = new long[total];
    long[] latency = new long[total];
    AtomicInteger n = new AtomicInteger();
    StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
    sub.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String ch, String message) {
        long now = System.nanoTime();
        Matcher m = t.matcher(message);
        int i = n.getAndIncrement();
        if (m.find() && i < total) {
          sent[i] = Long.parseLong(m.group(1));
          latency[i] = now - sent[i];
        }
      }
    });
    sub.sync().subscribe(channel);
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = start + i * 1_000_000L;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait); // pace without burning one of the two cores
      }
      sender.send(System.nanoTime());
    }
    // Every message, however late (a late one is the tail being measured), or 5 s at most for those lost.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (n.get() < total && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    sub.close();
    int got = Math.min(n.get(), total);
    long[][] byPhase = new long[phases.length][];
    long phaseStart = start;
    for (int p = 0; p < phases.length; p++) {
      long phaseEnd = phaseStart + TimeUnit.SECONDS.toNanos(phases[p]);
      long[] in = new long[got];
      int k = 0;
      for (int i = 0; i < got; i++) {
        if (sent[i] >= phaseStart && sent[i] < phaseEnd) {
          in[k++] = latency[i];
        }
      }
      byPhase[p] = Arrays.copyOf(in, k);
      Arrays.sort(byPhase[p]);
      phaseStart = phaseEnd;
    }
    return byPhase;
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.round(p / 100 * (sorted.length - 1)))];
  }

  private static void report(String what, long[] sorted) {
    System.out.printf("%-40s p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  (%d samples)%n", what, pct(sorted, 50) / 1e6,
        pct(sorted, 99) / 1e6, pct(sorted, 99.9) / 1e6, sorted.length);
  }

  private static long publishCalls(StatefulRedisConnection<String, String> admin) {
    String stats = admin.sync().info("commandstats");
    Matcher m = Pattern.compile("cmdstat_publish:calls=(\\d+)").matcher(stats);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static double redisBenchmark(int port) throws Exception {
    Process p = new ProcessBuilder("redis-benchmark", "-p", Integer.toString(port), "-P", "32", "-n", "2000000",
        "-q", "PUBLISH", "bench-baseline", "{\"call_id\":\"call-123456\",\"event_type\":\"gateway.request_received\"}")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(120, TimeUnit.SECONDS);
    Matcher m = Pattern.compile("([\\d.]+) requests per second").matcher(out);
    double last = Double.NaN;
    while (m.find()) {
      last = Double.parseDouble(m.group(1));
    }
    return last;
  }

  private static void drive(ManagedChannel ch, List<byte[]> requests, int seconds) throws Exception {
    Semaphore inFlight = new Semaphore(32);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int i = 0;
    while (System.nanoTime() < end) {
      inFlight.acquire();
      ClientCalls.asyncUnaryCall(ch.newCall(OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT),
          requests.get(i++ % requests.size()), new StreamObserver<ExportTraceServiceResponse>() {
            @Override
            public void onNext(ExportTraceServiceResponse value) {}

            @Override
            public void onError(Throwable t) {
              inFlight.release();
            }

            @Override
            public void onCompleted() {
              inFlight.release();
            }
          });
    }
    inFlight.acquire(32);
  }

  /** {@code spans} spans, each with one selected gateway.* event; {@code t} (if not 0) goes in the event. */
  static ExportTraceServiceRequest request(Random random, int spans, long t) {
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    for (int i = 0; i < spans; i++) {
      byte[] id = new byte[16];
      random.nextBytes(id);
      Span.Event.Builder event = Span.Event.newBuilder().setName("gateway.request_received").setTimeUnixNano(1)
          .addAttributes(KeyValue.newBuilder().setKey("model").setValue(AnyValue.newBuilder().setStringValue("m")));
      if (t != 0) {
        event.addAttributes(KeyValue.newBuilder().setKey("t").setValue(AnyValue.newBuilder().setIntValue(t)));
      }
      ss.addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(id)).setSpanId(ByteString.copyFrom(id, 0, 8))
          .setName("chat").addAttributes(KeyValue.newBuilder().setKey("luthien.call_id")
              .setValue(AnyValue.newBuilder().setStringValue("call-" + random.nextInt(1_000_000))))
          .addEvents(event));
    }
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ss))
        .build();
  }


}
