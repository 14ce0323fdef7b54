package dev.relay.pipeline;

import dev.relay.component.Component;
import dev.relay.component.ComponentId;
import dev.relay.component.ExporterFactory;
import dev.relay.component.PipelineId;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.ReceiverFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.Exporter;
import dev.relay.consumer.Consumers;
import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.consumer.TracesConsumer;
import dev.relay.telemetry.MeterOwner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running form of a configuration: one instance per exporter id (shared by the pipelines that list it), one
 * processor chain per pipeline, one instance per receiver id (feeding every pipeline that lists it).
 */
public final class PipelineGraph {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineGraph.class);

  private final GraphConfig config;
  private final TelemetrySettings telemetry;
  private final Map<ComponentId, Exporter> exporters;
  private final Map<PipelineId, List<Component>> processors;
  private final Map<ComponentId, Component> receivers;
  private final Map<PipelineId, TapPoint> taps;
  private final List<Component> started = new ArrayList<>();
  private final Map<Component, MeterOwner> owners = new java.util.IdentityHashMap<>();
  private volatile boolean running;

  private PipelineGraph(
      GraphConfig config,
      TelemetrySettings telemetry,
      Map<ComponentId, Exporter> exporters,
      Map<PipelineId, List<Component>> processors,
      Map<ComponentId, Component> receivers,
      Map<PipelineId, TapPoint> taps) {
    this.config = config;
    this.telemetry = telemetry;
    this.exporters = exporters;
    exporters.forEach((id, c) -> owners.put(c, MeterOwner.exporter(id)));
    processors.forEach((pipeline, chain) -> {
      List<ComponentId> ids = config.pipelines().get(pipeline).processors();
      for (int i = 0; i < chain.size(); i++) {
        owners.put(chain.get(i), MeterOwner.processor(ids.get(i)));
      }
    });
    receivers.forEach((id, c) -> owners.put(c, MeterOwner.receiver(id)));
    this.processors = processors;
    this.receivers = receivers;
    this.taps = taps;
  }

  /** What one receiver feeds, per signal, while the graph is being built. */
  private static final class Targets {
    final List<TracesConsumer> traces = new ArrayList<>();
    final List<LogsConsumer> logs = new ArrayList<>();
    final List<MetricsConsumer> metrics = new ArrayList<>();

    Consumers consumers() {
      return new Consumers(
          traces.isEmpty() ? null : FanOutConsumer.traces(traces),
          logs.isEmpty() ? null : FanOutConsumer.logs(logs),
          metrics.isEmpty() ? null : FanOutConsumer.metrics(metrics));
    }
  }

  /** Creates every component (nothing is started yet). */
  public static PipelineGraph build(GraphConfig config, TelemetrySettings telemetry) {
    Map<ComponentId, Exporter> exporters = new LinkedHashMap<>();
    for (PipelineConfig p : config.pipelines().values()) {
      for (ComponentId id : p.exporters()) {
        exporters.computeIfAbsent(id, k -> createExporter(config.exporters().get(k), telemetry));
      }
    }
    Map<PipelineId, List<Component>> processors = new LinkedHashMap<>();
    Map<ComponentId, Targets> receiverTargets = new LinkedHashMap<>();
    Map<PipelineId, TapPoint> taps = new LinkedHashMap<>();
    for (PipelineConfig p : config.pipelines().values()) {
      List<Exporter> exporterList = new ArrayList<>();
      for (ComponentId id : p.exporters()) {
        exporterList.add(exporters.get(id));
      }
      TapPoint tap = new TapPoint(p.id());
      taps.put(p.id(), tap);
      List<Component> chain = new ArrayList<>();
      List<Targets> targets = new ArrayList<>();
      for (ComponentId id : p.receivers()) {
        targets.add(receiverTargets.computeIfAbsent(id, k -> new Targets()));
      }
      switch (p.id().signal()) {
        case TRACES -> {
          TracesConsumer head = chain(config, p, tap.traces(FanOutConsumer.traces(exporterList)), chain, telemetry,
              (f, id, c, next, t) -> f.createTracesProcessor(id, c, next, t));
          targets.forEach(r -> r.traces.add(head));
        }
        case LOGS -> {
          LogsConsumer head = chain(config, p, tap.logs(FanOutConsumer.logs(exporterList)), chain, telemetry,
              (f, id, c, next, t) -> f.createLogsProcessor(id, c, next, t));
          targets.forEach(r -> r.logs.add(head));
        }
        case METRICS -> {
          MetricsConsumer head = chain(config, p, tap.metrics(FanOutConsumer.metrics(exporterList)), chain,
              telemetry, (f, id, c, next, t) -> f.createMetricsProcessor(id, c, next, t));
          targets.forEach(r -> r.metrics.add(head));
        }
      }
      processors.put(p.id(), chain);
    }
    Map<ComponentId, Component> receivers = new LinkedHashMap<>();
    for (Map.Entry<ComponentId, Targets> e : receiverTargets.entrySet()) {
      receivers.put(e.getKey(),
          createReceiver(config.receivers().get(e.getKey()), e.getValue().consumers(), telemetry));
    }
    return new PipelineGraph(config, telemetry, exporters, processors, receivers, taps);
  }

  /** Creates one processor of a pipeline's signal, feeding {@code next}. */
  @FunctionalInterface
  private interface ChainLink<C> {
    C make(ProcessorFactory<Object> factory, ComponentId id, Object config, C next, TelemetrySettings telemetry);
  }

  /**
   * Creates a pipeline's processors from the last to the first, each feeding the one created before it (the last
   * feeds {@code exporters}), adds them to {@code chain} in pipeline order and returns the first consumer.
   */
  @SuppressWarnings("unchecked")
  private static <C> C chain(GraphConfig config, PipelineConfig p, C exporters, List<Component> chain,
      TelemetrySettings telemetry, ChainLink<C> link) {
    C next = exporters;
    for (int i = p.processors().size() - 1; i >= 0; i--) {
      Configured<ProcessorFactory<?>> c = config.processors().get(p.processors().get(i));
      next = link.make((ProcessorFactory<Object>) c.factory(), c.id(), c.config(), next, telemetry);
      chain.add(0, (Component) next);
    }
    return next;
  }

  /** The tap point of a pipeline, or null when there is no such pipeline. */
  public TapPoint tap(PipelineId pipeline) {
    return taps.get(pipeline);
  }

  /**
   * Starts exporters, then processors, then receivers, so nothing receives data before its destination runs. On
   * failure, stops what had started and rethrows.
   */
  public void start() throws Exception {
    List<Component> order = new ArrayList<>(exporters.values());
    processors.values().forEach(order::addAll);
    order.addAll(receivers.values());
    for (Component c : order) {
      try {
        c.start();
      } catch (Exception e) {
        shutdown(Duration.ofSeconds(1));
        throw e;
      }
      started.add(c);
    }
    running = true;
  }

  /**
   * Stops receivers first (no new data), then processors, then exporters, which deliver what they hold until the
   * timeout is over. A component's meters are removed once it has stopped (once the last instance has, for a
   * processor listed in several pipelines).
   */
  public void shutdown(Duration timeout) {
    running = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = started.size() - 1; i >= 0; i--) {
      Component c = started.get(i);
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        c.shutdown(Duration.ofNanos(left));
      } catch (RuntimeException e) {
        LOG.warn("error while stopping {}: {}", c.describe(), e.toString());
      }
      MeterOwner owner = owners.get(c);
      if (owner != null && started.subList(0, i).stream().noneMatch(other -> owner.equals(owners.get(other)))) {
        owner.removeFrom(telemetry.meterRegistry());
      }
    }
    started.clear();
  }

  public GraphConfig config() {
    return config;
  }

  public Component receiver(ComponentId id) {
    return receivers.get(id);
  }

  public Exporter exporter(ComponentId id) {
    return exporters.get(id);
  }

  /** Whether every component started and shutdown has not begun: what readiness reports. */
  public boolean running() {
    return running;
  }

  /** Each receiver's and exporter's state, by {@code kind/id}, e.g. {@code exporter/redis -> connected}. */
  public Map<String, String> states() {
    Map<String, String> out = new LinkedHashMap<>();
    receivers.forEach((id, c) -> out.put("receiver/" + id, c.state()));
    exporters.forEach((id, c) -> out.put("exporter/" + id, c.state()));
    return out;
  }

  /** The start-up summary: what listens where, and each pipeline's components. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<ComponentId, Component> e : receivers.entrySet()) {
      lines.add("receiver " + e.getKey() + ": " + e.getValue().describe());
    }
    for (Map.Entry<ComponentId, Exporter> e : exporters.entrySet()) {
      lines.add("exporter " + e.getKey() + ": " + e.getValue().describe());
    }
    for (PipelineConfig p : config.pipelines().values()) {
      lines.add("pipeline " + p.id() + ": " + p.receivers() + " -> " + p.processors() + " -> " + p.exporters());
    }
    return lines;
  }

  @SuppressWarnings("unchecked")
  private static <C> Exporter createExporter(Configured<ExporterFactory<?>> c, TelemetrySettings t) {
    ExporterFactory<C> f = (ExporterFactory<C>) c.factory();
    return f.createExporter(c.id(), (C) c.config(), t);
  }

  @SuppressWarnings("unchecked")
  private static <C> Component createReceiver(
      Configured<ReceiverFactory<?>> c, Consumers next, TelemetrySettings t) {
    ReceiverFactory<C> f = (ReceiverFactory<C>) c.factory();
    return f.createReceiver(c.id(), (C) c.config(), next, t);
  }

}
