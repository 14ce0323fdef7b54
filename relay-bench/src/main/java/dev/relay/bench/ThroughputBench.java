package dev.relay.bench;

import com.google.protobuf.ByteString;
import dev.relay.otlp.OtlpGrpcMethods;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
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
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes OTLP/gRPC load (100-span requests, 32 calls in flight; each span with 6 attributes and one event, one in
 * ten a selected {@code gateway.*} event) into a null sink directly, then through the relay (a separate process
 * started from the fat jar with the image's JVM flags), and prints spans/s of both and their ratio.
 *
 * <p>Usage: {@code java -jar relay-bench.jar RELAY_JAR [seconds] [redis-uri|none]}
 */
public final class ThroughputBench {
  private static final int SPANS_PER_REQUEST = 100;
  private static final int IN_FLIGHT = 32;

  public static void main(String[] args) throws Exception {
    Path relayJar = Path.of(args.length > 0 ? args[0] : "relay-app/target/relay.jar");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    String redis = args.length > 2 ? args[2] : "none";
    List<byte[]> requests = requests(64);

    AtomicLong sinkSpans = new AtomicLong();
    int sinkPort = BenchSupport.freePort();
    Server sink = nullSink(sinkPort, sinkSpans);

    System.out.printf("load: %d-span requests (%d bytes each), %d calls in flight, %d s per phase%n",
        SPANS_PER_REQUEST, requests.get(0).length, IN_FLIGHT, seconds);
    double direct = drive(sinkPort, requests, seconds);
    System.out.printf("direct to null sink:   %,10.0f spans/s%n", direct);

    int relayPort = BenchSupport.freePort();
    Path config = Files.createTempFile("relay-bench", ".yaml");
    Files.writeString(config, config(relayPort, sinkPort, redis));
    Process relay = BenchSupport.startRelay(relayJar, config, relayPort, "/tmp/relay-bench-relay.log");
    try {
      sinkSpans.set(0);
      long sinkBefore = sinkSpans.get();
      double through = drive(relayPort, requests, seconds);
      long delivered = sinkSpans.get() - sinkBefore;
      System.out.printf("through the relay:     %,10.0f spans/s acknowledged (redis fan-out: %s)%n", through, redis);
      System.out.printf("ratio relay/direct:    %10.2f%n", through / direct);
      System.out.printf("delivered to the sink during the runs (warm-up included): %,d spans%n", delivered);
    } finally {
      relay.destroy();
      relay.waitFor(15, TimeUnit.SECONDS);
      sink.shutdownNow();
    }
  }

  private static String config(int relayPort, int sinkPort, String redis) {
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
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlp%s]
        """.formatted(relayPort, sinkPort, redisExporter, redis.equals("none") ? "" : ", redis");
  }

  /** Drives load for a warm-up of {@code seconds} then measures for {@code seconds}; returns acked spans/s. */
  static double drive(int port, List<byte[]> requests, int seconds) throws Exception {
    ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .maxInboundMessageSize(16 << 20).build();
    try {
      run(ch, requests, seconds); // warm-up
      return run(ch, requests, seconds);
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static double run(ManagedChannel ch, List<byte[]> requests, int seconds) throws Exception {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    AtomicLong acked = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    int i = 0;
    while (System.nanoTime() < end) {
      inFlight.acquire();
      byte[] body = requests.get(i++ % requests.size());
      ClientCalls.asyncUnaryCall(ch.newCall(OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT), body,
          new StreamObserver<>() {
            @Override
            public void onNext(ExportTraceServiceResponse value) {}

            @Override
            public void onError(Throwable t) {
              failed.incrementAndGet();
              inFlight.release();
            }

            @Override
            public void onCompleted() {
              acked.addAndGet(SPANS_PER_REQUEST);
              inFlight.release();
            }
          });
    }
    inFlight.acquire(IN_FLIGHT);
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (failed.get() > 0) {
      System.out.printf("  (%d calls failed)%n", failed.get());
    }
    return acked.get() / elapsed;
  }

  private static Server nullSink(int port, AtomicLong spans) throws Exception {
    ServerServiceDefinition service = ServerServiceDefinition.builder(OtlpGrpcMethods.TRACE_SERVICE)
        .addMethod(OtlpGrpcMethods.TRACE_EXPORT, ServerCalls.asyncUnaryCall((byte[] req, StreamObserver<
            ExportTraceServiceResponse> obs) -> {
          spans.addAndGet(countSpans(req));
          obs.onNext(ExportTraceServiceResponse.getDefaultInstance());
          obs.onCompleted();
        }))
        .build();
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(service)
        .maxInboundMessageSize(64 << 20).directExecutor().build().start();
  }

  /** Spans in a request, counted cheaply: our generated requests all hold 100 spans per resource. */
  private static long countSpans(byte[] req) {
    // Each generated request is one ResourceSpans of exactly 100 spans; merged requests are concatenations.
    // Count top-level field-1 entries by walking tags and lengths.
    long resources = 0;
    int p = 0;
    while (p < req.length) {
      int tag = req[p++] & 0xff;
      long len = 0;
      int shift = 0;
      byte b;
      do {
        b = req[p++];
        len |= (long) (b & 0x7f) << shift;
        shift += 7;
      } while (b < 0);
      if (tag == 0x0a) {
        resources++;
      }
      p += (int) len;
    }
    return resources * SPANS_PER_REQUEST;
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
