package dev.relay.receiver.otlp;

import dev.relay.auth.AuthReference;
import dev.relay.component.Component;
import dev.relay.component.ComponentId;
import dev.relay.component.ReceiverFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.config.ServerSettings;
import dev.relay.config.TlsSettings;
import dev.relay.otlp.ItemLimits;
import dev.relay.otlp.Signal;
import dev.relay.consumer.Consumers;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The {@code otlp} receiver type: {@code protocols.grpc} and/or {@code protocols.http}, as in the Collector. */
public final class OtlpReceiverFactory implements ReceiverFactory<OtlpReceiverConfig> {
  static final String DEFAULT_GRPC_ENDPOINT = "localhost:4317";
  static final int DEFAULT_MAX_RECV_MIB = 4;
  static final String DEFAULT_HTTP_ENDPOINT = "localhost:4318";
  /**
   * The Collector's 20 MiB, or less on a small heap: a sixteenth of it, so that the in-flight budget (a quarter)
   * holds two bodies of the largest size even while they are gunzipped (4 MiB at the image's 64 MiB heap).
   */
  static final long DEFAULT_MAX_REQUEST_BODY_SIZE =
      Math.min(20L * 1024 * 1024, Math.max(1024 * 1024, Runtime.getRuntime().maxMemory() / 16));
  /** The Tempo (dskit) server's default: the calls one connection may have open. */
  static final int DEFAULT_MAX_CONCURRENT_STREAMS = 100;
  /** Bodies are held in one array, so the limit stays well below 2 GiB. */
  static final long MAX_REQUEST_BODY_SIZE = 1L << 30;
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(1);
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(1);
  /** The heap the gRPC listener's default {@code max_connections} is sized from. */
  private final long maxHeapBytes;

  public OtlpReceiverFactory() {
    this(Runtime.getRuntime().maxMemory());
  }

  /** With defaults sized for a heap of {@code maxHeapBytes}, as {@code -Xmx} sets it (tests use it to be exact). */
  OtlpReceiverFactory(long maxHeapBytes) {
    this.maxHeapBytes = maxHeapBytes;
  }

  @Override
  public String type() {
    return "otlp";
  }

  @Override
  public OtlpReceiverConfig parseConfig(ConfigMap cfg) {
    ConfigMap protocols = cfg.map("protocols");
    boolean hasGrpc = protocols.has("grpc");
    boolean hasHttp = protocols.has("http");
    if (!hasGrpc && !hasHttp) {
      protocols.problem(null, "the otlp receiver needs at least one of protocols.grpc and protocols.http");
    }
    ConfigMap grpcMap = protocols.map("grpc");
    ConfigMap httpMap = protocols.map("http");
    // Read before the protocols' own keys, whose parsers reject what they did not read.
    int maxStreams = hasGrpc ? (int) grpcMap.integer("max_concurrent_streams", DEFAULT_MAX_CONCURRENT_STREAMS, 0,
        Integer.MAX_VALUE) : DEFAULT_MAX_CONCURRENT_STREAMS;
    GrpcGuards grpcGuards = hasGrpc ? GrpcGuards.parse(grpcMap, maxHeapBytes, maxStreams)
        : GrpcGuards.defaults(maxHeapBytes, maxStreams);
    HttpGuards httpGuards = hasHttp ? HttpGuards.parse(httpMap) : HttpGuards.DEFAULTS;
    OtlpGrpcConfig grpc = hasGrpc ? parseGrpc(grpcMap, maxStreams) : null;
    OtlpHttpConfig http = hasHttp ? parseHttp(httpMap) : null;
    protocols.get("grpc"); // both are known keys, for the list an unknown key's fault gives
    protocols.get("http");
    protocols.rejectUnknown();
    ItemLimits limits = ItemLimitsConfig.parse(cfg.map("limits"));
    cfg.rejectUnknown();
    if (grpc != null && http != null && grpc.port() != 0 && grpc.port() == http.port()
        && grpc.host().equals(http.host())) {
      protocols.map("http").problem("endpoint", "'" + http.endpoint() + "' is also protocols.grpc.endpoint; the"
          + " two protocols need different ports (the defaults are 4317 and 4318)");
    }
    return new OtlpReceiverConfig(grpc, http, limits, grpcGuards, httpGuards);
  }

  private static OtlpGrpcConfig parseGrpc(ConfigMap grpc, int maxStreams) {
    String endpoint = grpc.string("endpoint", DEFAULT_GRPC_ENDPOINT);
    int maxMib = (int) grpc.integer("max_recv_msg_size_mib", DEFAULT_MAX_RECV_MIB, 1, 1024);
    TlsSettings tls = ServerSettings.tls(grpc);
    AuthReference auth = AuthReference.parse(grpc, true);
    boolean includeMetadata = grpc.bool("include_metadata", false);
    grpc.rejectUnknown();
    ServerSettings server =
        ServerSettings.endpoint(grpc, endpoint, DEFAULT_GRPC_ENDPOINT, "0.0.0.0:4317").withTls(tls);
    return new OtlpGrpcConfig(server, maxMib * 1024 * 1024, maxStreams, auth, includeMetadata);
  }

  private static OtlpHttpConfig parseHttp(ConfigMap http) {
    String endpoint = http.string("endpoint", DEFAULT_HTTP_ENDPOINT);
    long maxBody = http.integer("max_request_body_size", DEFAULT_MAX_REQUEST_BODY_SIZE, 1, MAX_REQUEST_BODY_SIZE);
    String traces = urlPath(http, "traces_url_path", "/v1/traces");
    String logs = urlPath(http, "logs_url_path", "/v1/logs");
    String metrics = urlPath(http, "metrics_url_path", "/v1/metrics");
    if (traces.equals(logs) || traces.equals(metrics)) {
      http.problem("traces_url_path", "'" + traces + "' is also the path of another signal");
    } else if (logs.equals(metrics)) {
      http.problem("logs_url_path", "'" + logs + "' is also metrics_url_path");
    }
    Duration readTimeout = http.duration("read_timeout", DEFAULT_READ_TIMEOUT);
    Duration idleTimeout = http.duration("idle_timeout", DEFAULT_IDLE_TIMEOUT);
    if (readTimeout.isZero()) {
      http.problem("read_timeout", "must be greater than zero");
      readTimeout = DEFAULT_READ_TIMEOUT;
    }
    if (idleTimeout.isZero()) {
      http.problem("idle_timeout", "must be greater than zero");
      idleTimeout = DEFAULT_IDLE_TIMEOUT;
    }
    OtlpHttpConfig.Cors cors = OtlpHttpConfig.Cors.disabled();
    if (http.has("cors")) {
      ConfigMap c = http.map("cors");
      List<String> origins = c.stringList("allowed_origins");
      for (int i = 0; i < origins.size(); i++) {
        if (origins.get(i).isBlank()) {
          c.problem("allowed_origins", "entry " + i + " is empty");
        }
      }
      List<String> headers = c.stringList("allowed_headers");
      int maxAge = (int) c.integer("max_age", 0, 0, Integer.MAX_VALUE);
      c.rejectUnknown();
      if (origins.isEmpty() && (!headers.isEmpty() || maxAge > 0)) {
        c.problem(null, "cors.allowed_headers and cors.max_age need cors.allowed_origins (no origins: CORS is off)");
      }
      cors = new OtlpHttpConfig.Cors(origins, headers, maxAge);
    }
    TlsSettings tls = ServerSettings.tls(http);
    AuthReference auth = AuthReference.parse(http, true);
    boolean includeMetadata = http.bool("include_metadata", false);
    http.rejectUnknown();
    ServerSettings server =
        ServerSettings.endpoint(http, endpoint, DEFAULT_HTTP_ENDPOINT, "0.0.0.0:4318").withTls(tls);
    return new OtlpHttpConfig(server, maxBody, traces, logs, metrics, cors, readTimeout, idleTimeout, auth,
        includeMetadata);
  }

  /** A URL path as the Collector takes it: a leading {@code /} is added when missing. */
  private static String urlPath(ConfigMap http, String key, String defaultValue) {
    ConfigNode n = http.get(key);
    String path = http.string(key, defaultValue);
    if (path == null || path.isBlank()) {
      if (n != null) {
        n.problem("must not be empty");
      }
      return defaultValue;
    }
    path = path.trim();
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    if (path.contains("?") || path.contains("#") || path.contains(" ")) {
      n.problem("'" + path + "' is not a URL path (no query, fragment or spaces)");
      return defaultValue;
    }
    return path;
  }

  @Override
  public Component createReceiver(
      ComponentId id, OtlpReceiverConfig config, Consumers next, TelemetrySettings telemetry) {
    return new OtlpReceiver(id, config, next, telemetry);
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.allOf(Signal.class);
  }
}
