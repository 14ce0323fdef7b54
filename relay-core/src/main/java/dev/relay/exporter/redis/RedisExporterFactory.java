package dev.relay.exporter.redis;

import dev.relay.component.ComponentId;
import dev.relay.component.ExporterFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.Exporter;
import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.exporter.QueuedExporter;
import dev.relay.exporter.QueuedExporterSettings;
import dev.relay.exporter.RetryPolicy;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Condition;
import dev.relay.ottl.OttlException;
import dev.relay.otlp.Signal;
import dev.relay.ottl.context.LogContext;
import dev.relay.ottl.context.LogPaths;
import dev.relay.ottl.context.SpanEventContext;
import dev.relay.ottl.context.SpanEventPaths;
import dev.relay.redis.RedisEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The {@code redis} exporter type; routes are compiled here, once, when the config is read. */
public final class RedisExporterFactory implements ExporterFactory<RedisExporterConfig> {
  static final int DEFAULT_QUEUE_SIZE = 1000;
  /** Batches waiting to be routed; routing is fast, so this only absorbs bursts. Routes buffer their messages. */
  static final int BATCH_QUEUE_SIZE = 1000;
  static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
  /** Streams keep about this many entries unless a route says otherwise ({@code XADD MAXLEN ~}). */
  static final long DEFAULT_MAXLEN = 10_000;

  @Override
  public String type() {
    return "redis";
  }

  @Override
  public RedisExporterConfig parseConfig(ConfigMap cfg) {
    boolean cluster = cfg.bool("cluster", false);
    List<String> seeds = new ArrayList<>();
    for (ConfigNode n : cfg.list("endpoints")) {
      String seed = n.asString();
      seed = seed == null ? null : RedisEndpoint.withScheme(seed);
      if (seed != null && RedisEndpoint.check(n, seed)) {
        seeds.add(seed);
      }
    }
    if (!cluster && !seeds.isEmpty()) {
      cfg.problem("endpoints", "endpoints (cluster seeds) need cluster: true; use endpoint for one server");
    }
    RedisEndpoint redis = RedisEndpoint.parse(cfg, cluster ? seeds : null);
    if (seeds.isEmpty()) {
      seeds.add(redis.endpoint());
    }
    if (cluster && seeds.stream().anyMatch(e -> e.startsWith("redis-sentinel://"))) {
      cfg.problem(cfg.has("endpoints") ? "endpoints" : "endpoint",
          "a cluster is found through its nodes, not a Sentinel: give redis:// or rediss:// seeds");
    }
    boolean logMessages = cfg.bool("log_messages", false);
    int maxPayload = (int) cfg.integer("max_payload_bytes", DEFAULT_MAX_PAYLOAD_BYTES, 64, 512L * 1024 * 1024);
    boolean truncate = cfg.choice("oversize", "truncate", "truncate", "drop").equals("truncate");
    int maxNameBytes = (int) cfg.integer("max_name_bytes", ChannelNames.DEFAULT_MAX_BYTES, 1, 64 * 1024);
    List<Route> routes = new ArrayList<>();
    List<ConfigNode> routeNodes = cfg.list("routes");
    boolean shorthand = cfg.has("channel") || cfg.has("stream");
    if (shorthand && cfg.has("routes")) {
      cfg.problem(cfg.has("channel") ? "channel" : "stream", "a channel or stream beside 'routes' is ambiguous: put it"
          + " in a route");
      cfg.get("channel"); // read, so that it is not also an unknown key
      cfg.get("stream");
    } else if (shorthand) {
      Route r = shorthandRoute(cfg, maxNameBytes);
      if (r != null) {
        routes.add(r);
      }
    } else if (routeNodes.isEmpty()) {
      cfg.problem(cfg.has("routes") ? "routes" : null, "'routes' is required: list at least one route with a channel"
          + " (or give 'channel' for one route that sends every span event and log record)");
    }
    for (ConfigNode node : routeNodes) {
      Route r = route(routes.size(), node.asMap(), maxNameBytes);
      if (r != null) {
        routes.add(r);
      }
    }
    cfg.rejectUnknown();
    return new RedisExporterConfig(
        cluster ? redis.withEndpoint(seeds.get(0)) : redis, cluster, seeds, routes, logMessages, maxPayload, truncate,
        maxNameBytes);
  }

  private static Route route(int index, ConfigMap m, int maxNameBytes) {
    boolean sharded = m.bool("sharded", false);
    long maxlen = m.integer("maxlen", DEFAULT_MAXLEN, 0, Long.MAX_VALUE);
    String field = m.string("field", "event");
    int queueSize = (int) m.integer("queue_size", DEFAULT_QUEUE_SIZE, 1, 1_000_000);
    boolean dropOldest = m.choice("when_full", "drop_oldest", "drop_oldest", "drop_newest").equals("drop_oldest");
    Duration ttl = m.duration("ttl", Duration.ZERO);
    if (!ttl.isZero() && ttl.toMillis() < 1) {
      m.problem("ttl", "must be at least 1ms, or 0 for none");
    }
    String context = m.has("context") ? m.choice("context", "spanevent", "spanevent", "log") : null;
    boolean hasChannel = m.has("channel");
    boolean hasStream = m.has("stream");
    if (!hasChannel && !hasStream) {
      m.problem(null, "a route needs a channel, a stream, or both");
    }
    if (sharded && !hasChannel) {
      m.problem("sharded", "sharded applies to a channel (SPUBLISH); this route has none");
    }
    if (!hasStream) {
      for (String key : new String[] {"maxlen", "field", "ttl"}) {
        if (m.has(key)) {
          m.problem(key, key + " applies to a stream; this route has none");
        }
      }
    }
    // Compile in each context the route may apply to. Without 'context', a route applies to span events, to log
    // records, or to both, depending on which contexts know every path it reads.
    List<Runnable> eventFaults = new ArrayList<>();
    List<Runnable> logFaults = new ArrayList<>();
    Route.Selector<SpanEventContext> events = null;
    Route.Selector<LogContext> logs = null;
    if (context == null || context.equals("spanevent")) {
      events = selector(m, SpanEventPaths.compiler(), Payload.Default.INSTANCE, maxNameBytes, eventFaults);
    }
    if (context == null || context.equals("log")) {
      logs = selector(m, LogPaths.compiler(), Payload.LogDefault.INSTANCE, maxNameBytes, logFaults);
    }
    if (!eventFaults.isEmpty()) {
      events = null;
    }
    if (!logFaults.isEmpty()) {
      logs = null;
    }
    if (events == null && logs == null) {
      // Report the faults of the context the user named, or else of span events (the usual one).
      (context != null && context.equals("log") ? logFaults : eventFaults).forEach(Runnable::run);
    }
    m.rejectUnknown();
    if (events == null && logs == null) {
      return null;
    }
    return Route.of(index, events, logs, hasChannel, sharded, hasStream, maxlen, field, queueSize, dropOldest,
        ttl.toMillis());
  }

  /**
   * The top-level {@code channel} and/or {@code stream}, as the seed's sketch writes them: one route with no
   * {@code match} and the default message, for span events and log records alike (a placeholder that only one of
   * them has limits it to that one).
   */
  private static Route shorthandRoute(ConfigMap cfg, int maxNameBytes) {
    List<Runnable> eventFaults = new ArrayList<>();
    List<Runnable> logFaults = new ArrayList<>();
    Route.Selector<SpanEventContext> events = new Route.Selector<>(Condition.always(),
        template(cfg, "channel", SpanEventPaths.compiler(), maxNameBytes, eventFaults),
        template(cfg, "stream", SpanEventPaths.compiler(), maxNameBytes, eventFaults), Payload.Default.INSTANCE);
    Route.Selector<LogContext> logs = new Route.Selector<>(Condition.always(),
        template(cfg, "channel", LogPaths.compiler(), maxNameBytes, logFaults),
        template(cfg, "stream", LogPaths.compiler(), maxNameBytes, logFaults), Payload.LogDefault.INSTANCE);
    if (!eventFaults.isEmpty() && !logFaults.isEmpty()) {
      eventFaults.forEach(Runnable::run);
      return null;
    }
    return Route.of(0, eventFaults.isEmpty() ? events : null, logFaults.isEmpty() ? logs : null, cfg.has("channel"),
        false, cfg.has("stream"), DEFAULT_MAXLEN, "event", DEFAULT_QUEUE_SIZE, true, 0);
  }

  /** The route's expressions compiled with {@code compiler}; faults are collected, not reported. */
  private static <C> Route.Selector<C> selector(ConfigMap m, Compiler<C> compiler, Payload<C> defaultPayload,
      int maxNameBytes, List<Runnable> faults) {
    Condition<C> match = Condition.always();
    String matchText = m.string("match", null);
    if (matchText != null) {
      try {
        match = compiler.condition(matchText);
      } catch (OttlException e) {
        ConfigNode node = m.get("match");
        faults.add(() -> node.problem("invalid condition: " + e.getMessage()));
      }
    }
    Template<C> channel = template(m, "channel", compiler, maxNameBytes, faults);
    Template<C> stream = template(m, "stream", compiler, maxNameBytes, faults);
    Payload<C> payload = defaultPayload;
    if (m.has("payload")) {
      payload = payload(m.map("payload"), compiler, faults);
    }
    return new Route.Selector<>(match, channel, stream, payload);
  }

  private static <C> Template<C> template(ConfigMap m, String key, Compiler<C> compiler, int maxNameBytes,
      List<Runnable> faults) {
    String text = m.string(key, null);
    if (text == null) {
      return null;
    }
    ConfigNode node = m.get(key);
    if (text.isBlank()) {
      faults.add(() -> node.problem("must not be empty"));
      return null;
    }
    try {
      return Template.compile(text, compiler, maxNameBytes);
    } catch (OttlException e) {
      faults.add(() -> node.problem("invalid " + key + ": " + e.getMessage()));
      return null;
    }
  }

  private static <C> Payload.Configured<C> payload(ConfigMap m, Compiler<C> compiler, List<Runnable> faults) {
    List<Payload.Entry<C>> entries = new ArrayList<>();
    if (m.isEmpty()) {
      faults.add(() -> m.problem(null, "payload must map at least one JSON key to a path"));
    }
    for (String key : m.keys()) {
      ConfigNode node = m.get(key);
      if (node.isMap()) {
        entries.add(new Payload.Entry<>(key, null, payload(node.asMap(), compiler, faults)));
        continue;
      }
      String expr = node.asString();
      if (expr == null) {
        faults.add(() -> node.problem("expected an OTTL path or expression, e.g. span.attributes[\"luthien.call_id\"]"));
        continue;
      }
      try {
        entries.add(new Payload.Entry<>(key, compiler.value(expr), null));
      } catch (OttlException e) {
        faults.add(() -> node.problem("invalid expression: " + e.getMessage()));
      }
    }
    return new Payload.Configured<>(entries);
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.of(Signal.TRACES, Signal.LOGS);
  }

  @Override
  public Exporter createExporter(ComponentId id, RedisExporterConfig config, TelemetrySettings telemetry) {
    // Redis is best effort: a full queue drops (counted) instead of pushing back, so that a Redis outage never
    // slows the Tempo path. The publisher buffers per route and decides what is retried (streams only).
    var settings = QueuedExporterSettings.builder()
        .queue(QueuedExporterSettings.Sizer.REQUESTS, BATCH_QUEUE_SIZE)
        .whenFull(QueuedExporterSettings.WhenFull.DROP)
        .retry(RetryPolicy.DISABLED)
        .signals(signals())
        .build();
    return new QueuedExporter(id, new RedisPublisher(id, config, telemetry), settings, telemetry);
  }
}
