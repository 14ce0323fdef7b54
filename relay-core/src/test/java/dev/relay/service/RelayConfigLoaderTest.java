package dev.relay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relay.component.ComponentId;
import dev.relay.component.PipelineId;
import dev.relay.component.Signal;
import dev.relay.config.ConfigException;
import dev.relay.config.YamlLoader;
import dev.relay.exporter.otlp.OtlpExporterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayConfigLoaderTest {
  private static final String VALID = """
      receivers:
        otlp:
          protocols:
            grpc:
              endpoint: ${env:GRPC:-127.0.0.1:4317}
      exporters:
        otlp/tempo:
          endpoint: ${env:TEMPO}
          tls:
            insecure: true
          headers:
            X-Scope-OrgID: ${env:TENANT:-acme}
          timeout: 1500ms
        debug:
      service:
        shutdown_timeout: 3s
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [otlp/tempo]
          traces/debug:
            receivers: [otlp]
            exporters: [debug, otlp/tempo]
      """;

  private static RelayConfig parse(String yaml, Map<String, String> env) throws ConfigException {
    return new RelayConfigLoader(BuiltinComponents.all(), new YamlLoader(env::get)).parse("relay.yaml", yaml);
  }

  private static List<String> faults(String yaml) {
    return faults(yaml, Map.of());
  }

  private static List<String> faults(String yaml, Map<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml, env));
    assertThat(e).as("config should be rejected").isNotNull();
    return e.problems().stream().map(Object::toString).toList();
  }

  @Test
  void readsPipelinesSharedComponentsAndEnvironment() throws Exception {
    RelayConfig cfg = parse(VALID, Map.of("TEMPO", "tempo:4317", "TENANT", ""));
    assertThat(cfg.pipelines().keySet()).containsExactly(
        new PipelineId(Signal.TRACES, ""), new PipelineId(Signal.TRACES, "debug"));
    assertThat(cfg.pipelines().get(new PipelineId(Signal.TRACES, "debug")).exporters())
        .containsExactly(new ComponentId("debug", ""), new ComponentId("otlp", "tempo"));
    OtlpExporterConfig otlp = (OtlpExporterConfig) cfg.exporters().get(ComponentId.parse("otlp/tempo")).config();
    assertThat(otlp.target()).isEqualTo("tempo:4317");
    assertThat(otlp.insecure()).isTrue();
    assertThat(otlp.headers()).containsExactly(Map.entry("x-scope-orgid", "acme"));
    assertThat(otlp.helper().timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(cfg.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void unsetVariableWithoutDefaultIsAFaultAtItsLine() {
    assertThat(faults(VALID)).containsExactly(
        "relay.yaml:8: exporters.otlp/tempo.endpoint: environment variable TEMPO is not set and '${env:TEMPO}' has no"
            + " default (write ${env:TEMPO:-default})");
  }

  @Test
  void unknownKeysAreFaultsWithTheirLine() {
    String yaml = VALID.replace("timeout: 1500ms", "timout: 1500ms");
    assertThat(faults(yaml, Map.of("TEMPO", "t:1"))).containsExactly(
        "relay.yaml:13: exporters.otlp/tempo.timout: unknown key 'timout' (known keys here: compression, endpoint,"
            + " headers, retry_on_failure, sending_queue, timeout, tls)");
  }

  @Test
  void everyFaultIsReportedTogether() {
    String yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: nope
        exporters:
          otlp:
            endpoint: tempo:4317
            compression: brotli
            timeout: 5 seconds
          redis:
            endpoint: redis://localhost:6379
            routes:
              - match: 'name = "x"'
                channel: c
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [batch]
              exporters: [otlp, redis, kafka]
            metrics:
              receivers: [otlp]
              exporters: [redis]
        """;
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:5: receivers.otlp.protocols.grpc.endpoint: 'nope' is not a host:port endpoint (e.g. 0.0.0.0:4317)",
        "relay.yaml:9: exporters.otlp.compression: 'brotli' is not one of gzip, none",
        "relay.yaml:10: exporters.otlp.timeout: expected a duration such as 5s, 250ms or 1m30s, found '5 seconds'",
        "relay.yaml:14: exporters.redis.routes[0].match: invalid condition: unexpected '=' at column 6"
            + " (did you mean '=='?)",
        "relay.yaml:20: service.pipelines.traces.processors[0]: processor 'batch' is not defined under 'processors'",
        "relay.yaml:21: service.pipelines.traces.exporters[2]: exporter 'kafka' is not defined under 'exporters'",
        "relay.yaml:24: service.pipelines.metrics.exporters[0]: exporter 'redis' does not support metrics pipelines"
            + " (it supports logs, traces)");
  }

  @Test
  void processorFaultsNameTheStatementAndColumn() {
    String yaml = """
        receivers:
          otlp:
        processors:
          transform/redact:
            error_mode: loud
            trace_statements:
              - context: span
                statements:
                  - delete_key(attributes, "authorization")
                  - set(attributes["x"], 1)
                  - delete_kye(attributes, "password")
              - context: spans
                statements: ['set(name, "x")']
              - set(attributes["y"], 2)
              - 'set(span.attributes["z"], IsMatch(span.name, "(?=a)"))'
          filter:
            traces:
              span:
                - 'name == "health"'
                - 'attributes["x"] = 1'
              spanevnt: []
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [transform/redact, filter]
              exporters: [debug]
        """;
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:2: receivers.otlp.protocols: the otlp receiver needs at least one of protocols.grpc and"
            + " protocols.http",
        "relay.yaml:5: processors.transform/redact.error_mode: 'loud' is not one of ignore, silent, propagate",
        "relay.yaml:11: processors.transform/redact.trace_statements[0].statements[2]: invalid statement: unknown"
            + " function 'delete_kye' at column 1 (editors: delete_key, delete_matching_keys, keep_keys,"
            + " keep_matching_keys, limit, merge_maps, replace_all_patterns, replace_match, replace_pattern, set,"
            + " truncate_all)",
        "relay.yaml:12: processors.transform/redact.trace_statements[1].context: 'spans' is not a trace context"
            + " (resource, scope, span, spanevent)",
        "relay.yaml:14: processors.transform/redact.trace_statements[2]: invalid statement: cannot tell which"
            + " context this runs in: prefix its paths (span.attributes, resource.attributes, spanevent.name, ...)"
            + " or give the group a context",
        "relay.yaml:15: processors.transform/redact.trace_statements[3]: invalid statement: IsMatch: regular"
            + " expression \"(?=a)\" cannot run as RE2 would: lookaround is not RE2",
        "relay.yaml:20: processors.filter.traces.span[1]: invalid condition: unexpected '=' at column 17 (did you"
            + " mean '=='?)",
        "relay.yaml:21: processors.filter.traces.spanevnt: unknown key 'spanevnt' (known keys here: span,"
            + " spanevent)");
  }

  @Test
  void memoryLimiterFaultsNameTheKey() {
    String yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
        processors:
          memory_limiter:
            check_interval: 0s
            limit_mib: 512
            spike_limit_mib: 600
          memory_limiter/pct:
            limit_percentage: 80
            limit_mib: 100
            ballast_size_mib: 64
          memory_limiter/none:
            check_interval: 1s
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [memory_limiter, memory_limiter/pct, memory_limiter/none]
              exporters: [debug]
        """;
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:7: processors.memory_limiter.check_interval: must be greater than zero",
        "relay.yaml:9: processors.memory_limiter.spike_limit_mib: must be smaller than 'limit_mib' (512), found 600",
        "relay.yaml:11: processors.memory_limiter/pct.limit_percentage: set 'limit_mib' or 'limit_percentage', not"
            + " both",
        "relay.yaml:13: processors.memory_limiter/pct.ballast_size_mib: unknown key 'ballast_size_mib' (known keys"
            + " here: check_interval, limit_mib, limit_percentage, spike_limit_mib, spike_limit_percentage)",
        "relay.yaml:14: processors.memory_limiter/none: one of 'limit_mib' or 'limit_percentage' is required");
  }

  @Test
  void queueAndBatchFaultsNameTheKey() {
    String yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
        exporters:
          otlp/a:
            endpoint: tempo:4317
            sending_queue:
              enabled: false
              storage: file_storage/queue
          otlp/b:
            endpoint: tempo:4317
            sending_queue:
              storage:
                fsync: sometimes
                fsync_interval: 0s
                max_size_mib: 0
              batch:
                min_size: 10
            batch:
              max_size: 5
          otlp/c:
            endpoint: tempo:4317
            batch:
              min_size: 100
              max_size: 10
              sizer: bytes
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlp/a, otlp/b, otlp/c]
        """;
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:10: exporters.otlp/a.sending_queue.storage: 'file_storage/queue' names a Collector storage "
            + "extension; Relay has none: give the queue's directory instead (e.g. /var/lib/relay/queue)",
        "relay.yaml:14: exporters.otlp/b.sending_queue.storage: 'directory' is required",
        "relay.yaml:15: exporters.otlp/b.sending_queue.storage.fsync: 'sometimes' is not one of always, interval, "
            + "never",
        "relay.yaml:16: exporters.otlp/b.sending_queue.storage.fsync_interval: fsync_interval must be more than 0",
        "relay.yaml:17: exporters.otlp/b.sending_queue.storage.max_size_mib: must be between 1 and 1073741824, "
            + "found 0",
        "relay.yaml:20: exporters.otlp/b.batch: give batch either here or under sending_queue, not both",
        "relay.yaml:27: exporters.otlp/c.batch.sizer: batch sizes count spans here: only 'items' is supported",
        "relay.yaml:25: exporters.otlp/c.batch.min_size: min_size (100) must not be more than max_size (10)");
  }

  @Test
  void aValidPersistentQueueLoads() throws Exception {
    RelayConfig cfg = parse("""
        receivers:
          otlp:
            protocols:
              grpc:
        exporters:
          otlp/tempo:
            endpoint: tempo:4317
            sending_queue:
              sizer: bytes
              queue_size: 536870912
              block_on_overflow: true
              storage:
                directory: /var/lib/relay/queue
                fsync: interval
                fsync_interval: 250ms
                max_size_mib: 2048
              batch:
                flush_timeout: 50ms
                min_size: 1000
                max_size: 4000
          otlp/plain:
            endpoint: tempo:4317
            sending_queue:
              storage: /tmp/q
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlp/tempo, otlp/plain]
        """, Map.of());
    var tempo = (dev.relay.exporter.otlp.OtlpExporterConfig)
        cfg.exporters().get(ComponentId.parse("otlp/tempo")).config();
    assertThat(tempo.helper().queue()).isEqualTo(new dev.relay.exporter.ExporterHelperSettings.QueueSettings(true,
        dev.relay.exporter.QueuedExporterSettings.Sizer.BYTES, 536870912, 10, true,
        new dev.relay.queue.PersistentQueue.Settings(java.nio.file.Path.of("/var/lib/relay/queue"),
            dev.relay.queue.PersistentQueue.Fsync.INTERVAL, Duration.ofMillis(250), 2048L << 20, 64L << 20)));
    assertThat(tempo.helper().batch()).isEqualTo(
        new dev.relay.exporter.ExporterHelperSettings.BatchSettings(Duration.ofMillis(50), 1000, 4000));
    var plain = (dev.relay.exporter.otlp.OtlpExporterConfig)
        cfg.exporters().get(ComponentId.parse("otlp/plain")).config();
    assertThat(plain.helper().queue().storage()).isEqualTo(new dev.relay.queue.PersistentQueue.Settings(
        java.nio.file.Path.of("/tmp/q"), dev.relay.queue.PersistentQueue.Fsync.ALWAYS, Duration.ofSeconds(1),
        1024L << 20, 64L << 20));
    assertThat(plain.helper().batch()).isEqualTo(dev.relay.exporter.ExporterHelperSettings.BatchSettings.NONE);
  }

  @Test
  void aValidMemoryLimiterLoads() throws Exception {
    RelayConfig cfg = parse("""
        receivers:
          otlp:
            protocols:
              grpc:
        processors:
          memory_limiter:
            check_interval: 2s
            limit_mib: 4000
            spike_limit_mib: 800
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [memory_limiter]
              exporters: [debug]
        """, Map.of());
    assertThat(cfg.processors().get(ComponentId.parse("memory_limiter")).config()).isEqualTo(
        new dev.relay.processor.memorylimiter.MemoryLimiterConfig(Duration.ofSeconds(2), 4000, 800, 0, 0));
  }

  @Test
  void headerNamesAreCheckedWhenTheConfigIsRead() {
    String yaml = VALID.replace("X-Scope-OrgID: ${env:TENANT:-acme}", "trace-bin: x");
    assertThat(faults(yaml, Map.of("TEMPO", "t:1"))).containsExactly(
        "relay.yaml:12: exporters.otlp/tempo.headers.trace-bin: 'trace-bin' is not a header name gRPC can send as"
            + " text (letters, digits, _ . -; not grpc-* or *-bin)");
  }

  @Test
  void redisEndpointsMustFitClusterAndTls() {
    String base = """
        receivers:
          otlp:
            protocols:
              grpc:
        exporters:
          redis:
            %s
            routes:
              - channel: c
        service:
          admin:
            endpoint: none
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [redis]
        """;
    assertThat(faults(base.formatted("""
        cluster: true
            endpoints: [rediss://a:7000, redis://b:7001]
            tls:
              insecure_skip_verify: true"""))).containsExactly(
        "relay.yaml:9: exporters.redis.tls: tls settings need rediss:// seeds");
    assertThat(faults(base.formatted("""
        cluster: true
            endpoint: redis-sentinel://s:26379#m"""))).containsExactly(
        "relay.yaml:8: exporters.redis.endpoint: a cluster is found through its nodes, not a Sentinel: give"
            + " redis:// or rediss:// seeds");
  }

  @Test
  void theAdminServerCanBeTurnedOff() throws Exception {
    RelayConfig on = parse(VALID, Map.of("TEMPO", "t:1"));
    assertThat(on.adminHost()).isEqualTo("localhost");
    assertThat(on.adminPort()).isEqualTo(13133);
    RelayConfig off = parse(VALID.replace("  shutdown_timeout: 3s", "  shutdown_timeout: 3s\n  admin:\n    endpoint: none"),
        Map.of("TEMPO", "t:1"));
    assertThat(off.adminHost()).isNull();
  }

  @Test
  void structuralFaults() {
    assertThat(faults("receivers: [\n")).singleElement().asString().startsWith("relay.yaml:2: invalid YAML:");
    assertThat(faults("receivers: {}\n")).containsExactly(
        "relay.yaml:1: 'service' is required: it lists the pipelines to run");
    assertThat(faults("""
        exporters:
          debug:
          debug:
        service:
          pipelines:
            traces:
              exporters: [debug]
        """)).containsExactly(
        "relay.yaml:3: exporters.debug: duplicate key (first defined on line 2)",
        "relay.yaml:6: service.pipelines.traces: a pipeline needs at least one receiver under 'receivers'");
    assertThat(faults("""
        exporters:
          Bad/x:
        service:
          pipelines: {}
        """)).containsExactly(
        "relay.yaml:2: exporters.Bad/x: 'Bad/x' is not a valid component id: the type must be lowercase letters,"
            + " digits or _",
        "relay.yaml:4: service.pipelines: at least one pipeline is required under service.pipelines");
  }

  @Test
  void otlpHttpFaultsNameTheKey() {
    String yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:4318
              http:
                endpoint: 127.0.0.1:4318
                max_request_body_size: 0
                traces_url_path: /v1/x?y
                read_timeout: soon
                cors:
                  allowed_origins: [https://a.example.com]
                  allowed_header: [X-Custom]
                  max_age: -1
          otlp/bad:
            protocols:
              http:
                endpoint: nope
                logs_url_path: /v1/metrics
                cors:
                  max_age: 60
              websocket:
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp, otlp/bad]
              exporters: [debug]
        """;
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:8: receivers.otlp.protocols.http.max_request_body_size: must be between 1 and 1073741824,"
            + " found 0",
        "relay.yaml:9: receivers.otlp.protocols.http.traces_url_path: '/v1/x?y' is not a URL path (no query,"
            + " fragment or spaces)",
        "relay.yaml:10: receivers.otlp.protocols.http.read_timeout: expected a duration such as 5s, 250ms or 1m30s,"
            + " found 'soon'",
        "relay.yaml:14: receivers.otlp.protocols.http.cors.max_age: must be between 0 and 2147483647, found -1",
        "relay.yaml:13: receivers.otlp.protocols.http.cors.allowed_header: unknown key 'allowed_header' (known keys"
            + " here: allowed_headers, allowed_origins, max_age)",
        "relay.yaml:7: receivers.otlp.protocols.http.endpoint: '127.0.0.1:4318' is also protocols.grpc.endpoint;"
            + " the two protocols need different ports (the defaults are 4317 and 4318)",
        "relay.yaml:19: receivers.otlp/bad.protocols.http.logs_url_path: '/v1/metrics' is also metrics_url_path",
        "relay.yaml:20: receivers.otlp/bad.protocols.http.cors: cors.allowed_headers and cors.max_age need"
            + " cors.allowed_origins (no origins: CORS is off)",
        "relay.yaml:18: receivers.otlp/bad.protocols.http.endpoint: 'nope' is not a host:port endpoint (e.g."
            + " 0.0.0.0:4318)",
        "relay.yaml:22: receivers.otlp/bad.protocols.websocket: unknown key 'websocket' (known keys here: grpc,"
            + " http)");
  }

  @Test
  void otlpHttpDefaultsAreTheCollectors() throws Exception {
    RelayConfig cfg = parse("""
        receivers:
          otlp:
            protocols:
              http:
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [debug]
        """, Map.of());
    var otlp = (dev.relay.receiver.otlp.OtlpReceiverConfig) cfg.receivers().get(ComponentId.parse("otlp")).config();
    assertThat(otlp.grpc()).isNull();
    assertThat(otlp.http()).isEqualTo(new dev.relay.receiver.otlp.OtlpHttpConfig("localhost", 4318, 20L * 1024 * 1024,
        "/v1/traces", "/v1/logs", "/v1/metrics", dev.relay.receiver.otlp.OtlpHttpConfig.Cors.disabled(),
        Duration.ofMinutes(1), Duration.ofMinutes(1)));
  }

  @Test
  void otlpGrpcMaxConcurrentStreams() throws Exception {
    String yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
                max_concurrent_streams: %s
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [debug]
        """;
    var otlp = (dev.relay.receiver.otlp.OtlpReceiverConfig) parse(yaml.formatted("16"), Map.of()).receivers()
        .get(ComponentId.parse("otlp")).config();
    assertThat(otlp.grpc()).isEqualTo(new dev.relay.receiver.otlp.OtlpGrpcConfig("localhost", 4317, 4 * 1024 * 1024,
        16));
    assertThat(faults(yaml.formatted("-1"))).containsExactly(
        "relay.yaml:5: receivers.otlp.protocols.grpc.max_concurrent_streams: must be between 0 and 2147483647,"
            + " found -1");
  }

  @Test
  void tlsFilesNettyCannotUseAreFaultsAtTheirKeys(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    Path rsaKey = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA"
        + " PRIVATE KEY-----\n");
    Path encrypted = Files.writeString(dir.resolve("enc.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n");
    Path notPem = Files.writeString(dir.resolve("der.crt"), "0\u0082\u0003");
    Path pkcs8 = Files.writeString(dir.resolve("ok.key"), "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
    String yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
        exporters:
          otlp:
            endpoint: tempo:4317
            tls:
              ca_file: %s
              cert_file: %s
              key_file: %s
          redis:
            endpoint: rediss://redis:6380
            tls:
              ca_file: %s
              cert_file: %s
              key_file: %s
            routes:
              - channel: c
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlp, redis]
        """;
    assertThat(faults(yaml.formatted(notPem, cert, rsaKey, dir.resolve("missing.pem"), cert, encrypted)))
        .containsExactly(
            "relay.yaml:9: exporters.otlp.tls.ca_file: '" + notPem + "' holds no PEM certificate (-----BEGIN"
                + " CERTIFICATE-----)",
            "relay.yaml:11: exporters.otlp.tls.key_file: '" + rsaKey + "' holds a key in the traditional format"
                + " (BEGIN RSA/EC PRIVATE KEY); give it in PKCS#8 (BEGIN PRIVATE KEY): openssl pkcs8 -topk8 -nocrypt"
                + " -in " + rsaKey + " -out key.pem",
            "relay.yaml:15: exporters.redis.tls.ca_file: cannot read '" + dir.resolve("missing.pem") + "'",
            "relay.yaml:17: exporters.redis.tls.key_file: '" + encrypted + "' holds an encrypted key; give it"
                + " unencrypted in PKCS#8: openssl pkcs8 -topk8 -nocrypt -in " + encrypted + " -out key.pem");
    parse(yaml.formatted(cert, cert, pkcs8, cert, cert, pkcs8), Map.of());
    assertThat(faults(yaml.replaceFirst("      cert_file: %s\n", "").formatted(cert, pkcs8, cert, cert, pkcs8)))
        .containsExactly("relay.yaml:10: exporters.otlp.tls.key_file: cert_file and key_file must be given together");
  }

  @Test
  void everyExampleConfigLoads() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("..", "config"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      RelayConfig cfg = new RelayConfigLoader(BuiltinComponents.all(), new YamlLoader(k -> null)).load(f);
      assertThat(cfg.pipelines()).as(f.toString()).isNotEmpty();
    }
  }
}
