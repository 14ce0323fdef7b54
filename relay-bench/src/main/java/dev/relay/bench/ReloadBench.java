package dev.relay.bench;

import dev.relay.otlp.OtlpGrpcMethods;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Hot reload of the packaged relay under paced load (issue #17): the p50/p99 of client Export calls without
 * reloads and while the relay reloads once a second on SIGHUP, and the time from SIGHUP to the new config in force
 * (the sink sees the new config's {@code x-config} header on a call). The two configs differ in the OTLP
 * exporter's header, so each reload replaces the exporter and rebuilds the pipeline; the receiver is kept. With
 * {@code receiver} as the fourth argument they also differ in the receiver's {@code max_recv_msg_size_mib}, so each
 * reload also replaces the receiver on the same port: the new one takes over the listening socket and the client's
 * connection is sent GOAWAY and reconnects.
 *
 * <p>Usage: {@code java -cp relay-bench.jar dev.relay.bench.ReloadBench RELAY_JAR [seconds-per-phase] [calls/s]
 * [receiver]}
 */
public final class ReloadBench {
  private static final Metadata.Key<String> X_CONFIG =
      Metadata.Key.of("x-config", Metadata.ASCII_STRING_MARSHALLER);

  public static void main(String[] args) throws Exception {
    Path relayJar = Path.of(args.length > 0 ? args[0] : "relay-app/target/relay.jar").toAbsolutePath();
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 200; // calls/s of 100 spans: 20,000 spans/s
    boolean receiverToo = args.length > 3 && args[3].equals("receiver");
    AtomicReference<String> lastHeader = new AtomicReference<>("");
    int sinkPort = BenchSupport.freePort();
    ServerServiceDefinition traces = ServerServiceDefinition.builder(OtlpGrpcMethods.TRACE_SERVICE)
        .addMethod(OtlpGrpcMethods.TRACE_EXPORT, ServerCalls.asyncUnaryCall(
            (byte[] req, StreamObserver<ExportTraceServiceResponse> obs) -> {
              obs.onNext(ExportTraceServiceResponse.getDefaultInstance());
              obs.onCompleted();
            }))
        .build();
    ServerInterceptor header = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata md,
          ServerCallHandler<Q, R> next) {
        String v = md.get(X_CONFIG);
        if (v != null) {
          lastHeader.set(v);
        }
        return next.startCall(call, md);
      }
    };
    Server sink = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", sinkPort))
        .addService(ServerInterceptors.intercept(traces, header)).maxInboundMessageSize(64 << 20).build().start();
    int relayPort = BenchSupport.freePort();
    Path config = Files.createTempFile("relay-reload-bench", ".yaml");
    Files.writeString(config, config(relayPort, sinkPort, "a", receiverToo));
    Process relay = BenchSupport.startRelay(relayJar, config, relayPort, "/tmp/relay-reload-bench.log");
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", relayPort).usePlaintext().build();
    byte[] request = ThroughputBench.requests(1).get(0);
    try {
      load(channel, request, rate, seconds, null, null, null); // warm-up
      long[] quiet = load(channel, request, rate, seconds, null, null, null);
      long[] inForce = new long[seconds];
      long[] during = load(channel, request, rate, seconds, relay, config, new Reloads(relayPort, sinkPort,
          lastHeader, inForce, receiverToo));
      System.out.printf("client Export calls at %d/s (100 spans each), %d s per phase%s%n", rate, seconds,
          receiverToo ? "; each reload also replaces the receiver" : "");
      System.out.printf("  without reloads:        p50 %.2f ms  p99 %.2f ms  max %.2f ms  (%d calls, %d failed)%n",
          pct(quiet, 50), pct(quiet, 99), pct(quiet, 100), quiet.length, failures(quiet));
      System.out.printf("  one reload per second:  p50 %.2f ms  p99 %.2f ms  max %.2f ms  (%d calls, %d failed)%n",
          pct(during, 50), pct(during, 99), pct(during, 100), during.length, failures(during));
      long[] applied = Arrays.stream(inForce).filter(v -> v > 0).toArray();
      System.out.printf("SIGHUP to new config in force (%d reloads): median %.1f ms  max %.1f ms%n", applied.length,
          pct(applied, 50), pct(applied, 100));
      BenchSupport.result("reload_p99_quiet_ms", pct(quiet, 99));
      BenchSupport.result("reload_p99_during_ms", pct(during, 99));
      BenchSupport.result("reload_sighup_to_in_force_ms", pct(applied, 50));
    } finally {
      channel.shutdownNow();
      BenchSupport.stop(relay);
      sink.shutdownNow();
      Files.deleteIfExists(config);
    }
  }

  /** Rewrites the config and sends SIGHUP once a second; records when the sink first sees the new header. */
  private record Reloads(int relayPort, int sinkPort, AtomicReference<String> lastHeader, long[] inForce,
      boolean receiverToo) {}

  /**
   * Calls Export {@code rate} times a second for {@code seconds}, one call at a time; returns each call's latency
   * in nanoseconds (negative: it failed). With {@code reloads}, reloads once a second.
   */
  private static long[] load(ManagedChannel channel, byte[] request, int rate, int seconds, Process relay,
      Path config, Reloads reloads) throws Exception {
    int calls = rate * seconds;
    long[] latency = new long[calls];
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    int reloadsDone = 0;
    long sighupAt = 0;
    String expected = null;
    for (int i = 0; i < calls; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (reloads != null) {
        int second = (int) ((System.nanoTime() - start) / 1_000_000_000L);
        if (expected != null && expected.equals(reloads.lastHeader().get())) {
          reloads.inForce()[reloadsDone - 1] = System.nanoTime() - sighupAt;
          expected = null;
        }
        if (second >= reloadsDone && reloadsDone < seconds && expected == null) {
          expected = reloadsDone % 2 == 0 ? "b" : "a";
          Files.writeString(config, config(reloads.relayPort(), reloads.sinkPort(), expected,
              reloads.receiverToo()));
          sighupAt = System.nanoTime();
          new ProcessBuilder("kill", "-HUP", Long.toString(relay.pid())).start().waitFor();
          reloadsDone++;
        }
      }
      long t0 = System.nanoTime();
      try {
        ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT,
            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
        latency[i] = System.nanoTime() - t0;
      } catch (RuntimeException e) {
        latency[i] = -(System.nanoTime() - t0);
      }
    }
    return latency;
  }

  private static String config(int relayPort, int sinkPort, String variant, boolean receiverToo) {
    String receiverSetting = receiverToo ? "max_recv_msg_size_mib: " + (variant.equals("a") ? 4 : 5) : "";
    return """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:%d
                %s
        exporters:
          otlp:
            endpoint: 127.0.0.1:%d
            tls:
              insecure: true
            compression: none
            headers:
              x-config: %s
        service:
          admin:
            endpoint: none
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlp]
        """.formatted(relayPort, receiverSetting, sinkPort, variant);
  }

  private static long failures(long[] latency) {
    return Arrays.stream(latency).filter(v -> v < 0).count();
  }

  /** The {@code p}th percentile of the absolute values, in milliseconds. */
  private static double pct(long[] values, int p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.stream(values).map(Math::abs).sorted().toArray();
    int i = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  private ReloadBench() {}
}
