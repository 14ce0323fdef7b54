package dev.relay.testing;

import dev.relay.config.ConfigException;
import dev.relay.service.RelayConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML of a test relay, built from its parts instead of written out whole: receivers listening on free loopback
 * ports, OTLP exporters to a {@link TempoStub}, Redis exporters, processors, service settings and pipelines. Each
 * part's own settings are YAML snippets written as in the config file, relative to the part:
 *
 * <pre>{@code
 * TestRelay.start(new TestConfig()
 *     .otlpReceiver()
 *     .processor("transform", """
 *         trace_statements:
 *           - set(span.attributes["seen"], true)
 *         """)
 *     .otlpExporter("otlp", tempo)
 *     .redisExporter("redis", redis, """
 *         routes:
 *           - channel: activity
 *         """)
 *     .pipeline("traces", List.of("otlp"), List.of("transform"), List.of("otlp", "redis")));
 * }</pre>
 */
public final class TestConfig {
  /** Where a receiver or admin server listens when the test reads its port from the running relay. */
  public static final String ANY_PORT = "127.0.0.1:0";

  private final Map<String, String> extensions = new LinkedHashMap<>();
  private final Map<String, String> receivers = new LinkedHashMap<>();
  private final Map<String, String> processors = new LinkedHashMap<>();
  private final Map<String, String> exporters = new LinkedHashMap<>();
  private final List<String> service = new ArrayList<>();
  private final Map<String, String> pipelines = new LinkedHashMap<>();

  /** Receiver {@code otlp}: OTLP/gRPC on a free port ({@link TestRelay#grpcPort}). */
  public TestConfig otlpReceiver() {
    return otlpReceiver(ANY_PORT);
  }

  /** Receiver {@code otlp}: OTLP/gRPC on {@code endpoint} (host:port), for a relay run as its own process. */
  public TestConfig otlpReceiver(String endpoint) {
    return receiver("otlp", """
        protocols:
          grpc:
            endpoint: %s
        """.formatted(endpoint));
  }

  /** Receiver {@code otlp}: OTLP/HTTP only, on a free port ({@link TestRelay#httpPort}). */
  public TestConfig otlpHttpReceiver() {
    return receiver("otlp", """
        protocols:
          http:
            endpoint: %s
        """.formatted(ANY_PORT));
  }

  /** An extension (e.g. {@code bearertokenauth}), defined and listed in {@code service.extensions}. */
  public TestConfig extension(String id, String settings) {
    extensions.put(id, settings);
    return this;
  }

  public TestConfig receiver(String id, String settings) {
    receivers.put(id, settings);
    return this;
  }

  public TestConfig processor(String id, String settings) {
    processors.put(id, settings);
    return this;
  }

  /** An {@code otlp} exporter to the Tempo stand-in, in plaintext. */
  public TestConfig otlpExporter(String id, TempoStub tempo) {
    return otlpExporter(id, tempo.endpoint(), "");
  }

  /** An {@code otlp} exporter to the Tempo stand-in, in plaintext, with more settings (timeouts, queue, ...). */
  public TestConfig otlpExporter(String id, TempoStub tempo, String settings) {
    return otlpExporter(id, tempo.endpoint(), settings);
  }

  /** An {@code otlp} exporter to {@code endpoint} (host:port), in plaintext, with more settings. */
  public TestConfig otlpExporter(String id, String endpoint, String settings) {
    return exporter(id, """
        endpoint: %s
        tls: {insecure: true}
        """.formatted(endpoint) + settings);
  }

  /** A {@code redis} exporter to the test Redis; {@code settings} holds its routes and anything else. */
  public TestConfig redisExporter(String id, TestRedis redis, String settings) {
    return redisExporter(id, redis.uri(), settings);
  }

  /** A {@code redis} exporter to {@code endpoint} (a redis://, rediss:// or redis-sentinel:// URI). */
  public TestConfig redisExporter(String id, String endpoint, String settings) {
    return exporter(id, "endpoint: " + endpoint + "\n" + settings);
  }

  public TestConfig debugExporter() {
    return exporter("debug", "");
  }

  public TestConfig exporter(String id, String settings) {
    exporters.put(id, settings);
    return this;
  }

  /** The admin server on a free port. */
  public TestConfig admin() {
    return admin(ANY_PORT);
  }

  /** The admin server on {@code endpoint} (host:port). */
  public TestConfig admin(String endpoint) {
    return service("""
        admin:
          endpoint: %s
        """.formatted(endpoint));
  }

  /** More settings under {@code service}, such as {@code shutdown_timeout: 2s}. */
  public TestConfig service(String settings) {
    service.add(settings);
    return this;
  }

  /** A pipeline ({@code traces}, {@code logs/x}, ...) without processors. */
  public TestConfig pipeline(String id, List<String> receivers, List<String> exporters) {
    return pipeline(id, receivers, List.of(), exporters);
  }

  public TestConfig pipeline(String id, List<String> receivers, List<String> processors, List<String> exporters) {
    StringBuilder p = new StringBuilder("receivers: " + receivers + "\n");
    if (!processors.isEmpty()) {
      p.append("processors: ").append(processors).append('\n');
    }
    p.append("exporters: ").append(exporters).append('\n');
    pipelines.put(id, p.toString());
    return this;
  }

  /** The config file's text. */
  public String yaml() {
    StringBuilder out = new StringBuilder();
    section(out, "extensions", extensions);
    section(out, "receivers", receivers);
    section(out, "processors", processors);
    section(out, "exporters", exporters);
    out.append("service:\n");
    if (!extensions.isEmpty()) {
      out.append("  extensions: [").append(String.join(", ", extensions.keySet())).append("]\n");
    }
    for (String settings : service) {
      out.append(indent(settings, 2));
    }
    section(out.append("  "), "pipelines", pipelines, 2);
    return out.toString();
  }

  /** The config as {@code relay run} would read it. */
  public RelayConfig load() throws ConfigException {
    return ConfigFixture.parse(yaml());
  }

  @Override
  public String toString() {
    return yaml();
  }

  private static void section(StringBuilder out, String key, Map<String, String> parts) {
    if (!parts.isEmpty()) {
      section(out, key, parts, 0);
    }
  }

  private static void section(StringBuilder out, String key, Map<String, String> parts, int depth) {
    out.append(key).append(":\n");
    parts.forEach((id, settings) -> out.append(" ".repeat(depth + 2)).append(id).append(":\n")
        .append(indent(settings, depth + 4)));
  }

  /** {@code lines} shifted right by {@code spaces}, ending in a newline unless empty. */
  public static String indent(String lines, int spaces) {
    return lines.isBlank() ? "" : lines.stripTrailing().indent(spaces);
  }
}
