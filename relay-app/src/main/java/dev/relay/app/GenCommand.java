package dev.relay.app;

import com.google.protobuf.ByteString;
import dev.relay.config.Durations;
import dev.relay.otlp.OtlpGrpcMethods;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code relay gen}: an OTLP load generator in the manner of the Collector's telemetrygen. Workers each send one
 * request at a time (so {@code --workers} is the number of calls in flight); a shared schedule spaces items at
 * {@code 1/rate} seconds, so {@code --rate 200 --duration 1s} sends exactly 200 items.
 */
@Command(name = "gen", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Generate OTLP load: spans with events, or log records with an event name.")
final class GenCommand implements Callable<Integer> {
  enum SignalType { traces, logs }

  @Option(names = "--endpoint",
      description = "host:port of the OTLP receiver (default localhost:4317 for grpc, localhost:4318 for http); "
          + "http:// for plaintext (the default), https:// for TLS.")
  String endpoint;

  @Option(names = "--signal", defaultValue = "traces", description = "traces (spans with events) or logs (log records).")
  SignalType signal;

  @Option(names = "--protocol", defaultValue = "grpc",
      description = "grpc, or http (OTLP/HTTP with protobuf bodies, POST /v1/traces or /v1/logs).")
  String protocol;

  @Option(names = "--rate", defaultValue = "100",
      description = "Items (spans or log records) per second, over all workers; 0 sends as fast as possible.")
  double rate;

  @Option(names = "--duration", defaultValue = "10s",
      description = "How long to send, e.g. 1s, 500ms, 2m; 0 means until --count items are sent.")
  String duration;

  @Option(names = "--count", defaultValue = "0", description = "Stop after this many items; 0 means no limit.")
  long count;

  @Option(names = "--workers", defaultValue = "1", description = "Concurrent senders (calls in flight).")
  int workers;

  @Option(names = "--batch", defaultValue = "10", description = "Items per request.")
  int batch;

  @Option(names = "--events", defaultValue = "1", description = "Span events per span (traces).")
  int events;

  @Option(names = "--event-name", defaultValue = "gen.event",
      description = "Name of each span event, or event_name of each log record.")
  String eventName;

  @Option(names = "--call-ids", defaultValue = "10",
      description = "Distinct luthien.call_id values (gen-0, gen-1, ...) the items rotate through.")
  int callIds;

  @Option(names = "--service", defaultValue = "relay-gen", description = "The resource's service.name.")
  String service;

  @Option(names = "--header",
      description = "gRPC metadata or HTTP header sent on every call, as key=value (repeatable).")
  Map<String, String> headers = new LinkedHashMap<>();

  @Option(names = "--timeout", defaultValue = "5s", description = "Deadline of each call.")
  String timeout;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final AtomicLong sentItems = new AtomicLong();
  private final AtomicLong sentRequests = new AtomicLong();
  private final AtomicLong failedItems = new AtomicLong();
  private final AtomicLong failedRequests = new AtomicLong();
  private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean http = protocol.equals("http");
    if (!http && !protocol.equals("grpc")) {
      err.println("relay gen: unknown --protocol '" + protocol + "' (known: grpc, http)");
      return RelayMain.EXIT_USAGE;
    }
    if (endpoint == null) {
      endpoint = http ? "localhost:4318" : "localhost:4317";
    }
    Duration dur;
    Duration deadline;
    try {
      dur = Durations.parse(duration);
      deadline = Durations.parse(timeout);
    } catch (IllegalArgumentException e) {
      err.println("relay gen: " + e.getMessage());
      return RelayMain.EXIT_USAGE;
    }
    String fault = null;
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      fault = "--rate must be 0 or more";
    } else if (workers < 1 || workers > 1024) {
      fault = "--workers must be from 1 to 1024";
    } else if (batch < 1 || batch > 100_000) {
      fault = "--batch must be from 1 to 100000";
    } else if (count < 0) {
      fault = "--count must be 0 or more";
    } else if (dur.isNegative() || (dur.isZero() && count == 0)) {
      fault = "--duration must be more than 0, or 0 with a --count";
    } else if (events < 0 || callIds < 1 || deadline.isNegative() || deadline.isZero()) {
      fault = "--events must be 0 or more, --call-ids 1 or more, --timeout more than 0";
    }
    if (fault != null) {
      err.println("relay gen: " + fault);
      return RelayMain.EXIT_USAGE;
    }

    long durNanos = dur.toNanos();
    long limit = count > 0 ? count : Long.MAX_VALUE;
    if (rate > 0 && durNanos > 0) {
      // Item i is due at i/rate seconds; those due before the end are sent.
      limit = Math.min(limit, (long) Math.ceil(rate * durNanos / 1e9 - 1e-9));
    }
    ManagedChannel managed = http ? null : channel(endpoint);
    Channel ch = managed;
    if (!http && !headers.isEmpty()) {
      Metadata md = new Metadata();
      headers.forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
      ch = ClientInterceptors.intercept(managed, MetadataUtils.newAttachHeadersInterceptor(md));
    }
    Channel target = ch;
    HttpSender httpSender = http ? new HttpSender(endpoint, signal, headers, deadline) : null;
    AtomicLong next = new AtomicLong();
    long start = System.nanoTime();
    long stopAt = durNanos > 0 ? start + durNanos : Long.MAX_VALUE;
    long maxItems = limit;
    Thread[] threads = new Thread[workers];
    for (int w = 0; w < workers; w++) {
      int worker = w;
      threads[w] = new Thread(() -> work(target, httpSender, worker, next, maxItems, start, stopAt, deadline),
          "relay-gen-" + w);
      threads[w].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (managed != null) {
      managed.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    String unit = signal == SignalType.traces ? "spans" : "log records";
    out.printf("relay gen: sent %d %s in %d requests in %.2f s (%.1f %s/s) to %s; %d requests failed (%d %s)%n",
        sentItems.get(), unit, sentRequests.get(), elapsed, sentItems.get() / Math.max(elapsed, 1e-9), unit,
        endpoint, failedRequests.get(), failedItems.get(), unit);
    out.flush();
    if (failedRequests.get() > 0) {
      errors.forEach((msg, n) -> err.println("relay gen: " + n.get() + " x " + msg));
      err.flush();
      return RelayMain.EXIT_RUNTIME;
    }
    return RelayMain.EXIT_OK;
  }

  private static ManagedChannel channel(String endpoint) {
    String target = endpoint;
    boolean tls = false;
    if (target.startsWith("https://")) {
      tls = true;
      target = target.substring("https://".length());
    } else if (target.startsWith("http://")) {
      target = target.substring("http://".length());
    }
    if (target.endsWith("/")) {
      target = target.substring(0, target.length() - 1);
    }
    ManagedChannelBuilder<?> b = ManagedChannelBuilder.forTarget(target);
    return (tls ? b.useTransportSecurity() : b.usePlaintext()).build();
  }

  /** OTLP/HTTP with protobuf bodies, over HTTP/1.1. */
  private static final class HttpSender {
    private final java.net.http.HttpClient client;
    private final java.net.URI uri;
    private final Map<String, String> headers;
    private final Duration timeout;

    HttpSender(String endpoint, SignalType signal, Map<String, String> headers, Duration timeout) {
      String base = endpoint.startsWith("http://") || endpoint.startsWith("https://") ? endpoint : "http://" + endpoint;
      if (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      this.uri = java.net.URI.create(base + (signal == SignalType.traces ? "/v1/traces" : "/v1/logs"));
      this.client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
          .connectTimeout(timeout).build();
      this.headers = headers;
      this.timeout = timeout;
    }

    /** Null when the receiver accepted the body, else what went wrong. */
    String send(byte[] body) {
      var req = java.net.http.HttpRequest.newBuilder(uri).timeout(timeout)
          .header("Content-Type", "application/x-protobuf")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(req::header);
      try {
        var res = client.send(req.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        return res.statusCode() / 100 == 2 ? null : "HTTP " + res.statusCode();
      } catch (java.io.IOException e) {
        return "HTTP request failed: " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
  }

  private void work(Channel ch, HttpSender http, int worker, AtomicLong next, long limit, long start, long stopAt,
      Duration deadline) {
    while (true) {
      long first = next.getAndAdd(batch);
      if (first >= limit) {
        return;
      }
      int n = (int) Math.min(batch, limit - first);
      if (rate > 0) {
        long due = start + (long) (first * 1e9 / rate);
        for (long wait; (wait = due - System.nanoTime()) > 0; ) {
          LockSupport.parkNanos(wait);
        }
      } else if (System.nanoTime() >= stopAt) {
        return;
      }
      byte[] body = signal == SignalType.traces ? spans(first, n, worker) : logs(first, n, worker);
      MethodDescriptor<byte[], ?> method =
          signal == SignalType.traces ? OtlpGrpcMethods.TRACE_EXPORT : OtlpGrpcMethods.LOGS_EXPORT;
      if (http != null) {
        String failure = http.send(body);
        if (failure == null) {
          sentItems.addAndGet(n);
          sentRequests.incrementAndGet();
        } else {
          failedItems.addAndGet(n);
          failedRequests.incrementAndGet();
          if (errors.size() < 20 || errors.containsKey(failure)) {
            errors.computeIfAbsent(failure, k -> new AtomicLong()).incrementAndGet();
          }
        }
        continue;
      }
      try {
        ClientCalls.blockingUnaryCall(ch, method,
            CallOptions.DEFAULT.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS), body);
        sentItems.addAndGet(n);
        sentRequests.incrementAndGet();
      } catch (StatusRuntimeException e) {
        failedItems.addAndGet(n);
        failedRequests.incrementAndGet();
        String msg = e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
            : ": " + e.getStatus().getDescription());
        if (errors.size() < 20 || errors.containsKey(msg)) {
          errors.computeIfAbsent(msg, k -> new AtomicLong()).incrementAndGet();
        }
      }
    }
  }

  private Resource resource() {
    return Resource.newBuilder().addAttributes(kv("service.name", service)).build();
  }

  private static InstrumentationScope scope() {
    return InstrumentationScope.newBuilder().setName("relay-gen").build();
  }

  private byte[] spans(long first, int n, int worker) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(scope());
    long now = System.currentTimeMillis() * 1_000_000L;
    for (int i = 0; i < n; i++) {
      long seq = first + i;
      Span.Builder span = Span.newBuilder()
          .setTraceId(ByteString.copyFrom(randomBytes(random, 16)))
          .setSpanId(ByteString.copyFrom(randomBytes(random, 8)))
          .setName("gen")
          .setKind(Span.SpanKind.SPAN_KIND_SERVER)
          .setStartTimeUnixNano(now)
          .setEndTimeUnixNano(now + 1_000_000)
          .addAttributes(kv("luthien.call_id", "gen-" + (seq % callIds)))
          .addAttributes(kv("gen.seq", seq))
          .addAttributes(kv("gen.worker", worker));
      for (int e = 0; e < events; e++) {
        span.addEvents(Span.Event.newBuilder().setName(eventName).setTimeUnixNano(now + e * 1000L)
            .addAttributes(kv("seq", seq)).addAttributes(kv("index", e)));
      }
      scope.addSpans(span);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource()).addScopeSpans(scope))
        .build().toByteArray();
  }

  private byte[] logs(long first, int n, int worker) {
    ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(scope());
    long now = System.currentTimeMillis() * 1_000_000L;
    for (int i = 0; i < n; i++) {
      long seq = first + i;
      scope.addLogRecords(LogRecord.newBuilder()
          .setTimeUnixNano(now)
          .setObservedTimeUnixNano(now)
          .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
          .setSeverityText("INFO")
          .setEventName(eventName)
          .setBody(AnyValue.newBuilder().setStringValue("relay gen log record " + seq))
          .addAttributes(kv("luthien.call_id", "gen-" + (seq % callIds)))
          .addAttributes(kv("gen.seq", seq))
          .addAttributes(kv("gen.worker", worker)));
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(ResourceLogs.newBuilder().setResource(resource()).addScopeLogs(scope))
        .build().toByteArray();
  }

  private static byte[] randomBytes(ThreadLocalRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static KeyValue kv(String k, Object v) {
    AnyValue.Builder a = AnyValue.newBuilder();
    if (v instanceof String s) {
      a.setStringValue(s);
    } else if (v instanceof Long l) {
      a.setIntValue(l);
    } else if (v instanceof Integer i) {
      a.setIntValue(i);
    }
    return KeyValue.newBuilder().setKey(k).setValue(a).build();
  }
}
