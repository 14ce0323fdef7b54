package dev.relay.pipeline;

import dev.relay.component.Component;
import dev.relay.component.ComponentId;
import dev.relay.component.ExporterFactory;
import dev.relay.component.PipelineId;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.ReceiverFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesExporter;
import dev.relay.component.TracesProcessor;
import dev.relay.consumer.TracesConsumer;
import dev.relay.service.Configured;
import dev.relay.service.PipelineConfig;
import dev.relay.service.RelayConfig;
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

  private final RelayConfig config;
  private final Map<ComponentId, TracesExporter> exporters;
  private final Map<PipelineId, List<TracesProcessor>> processors;
  private final Map<ComponentId, Component> receivers;
  private final List<Component> started = new ArrayList<>();
  private volatile boolean running;

  private PipelineGraph(
      RelayConfig config,
      Map<ComponentId, TracesExporter> exporters,
      Map<PipelineId, List<TracesProcessor>> processors,
      Map<ComponentId, Component> receivers) {
    this.config = config;
    this.exporters = exporters;
    this.processors = processors;
    this.receivers = receivers;
  }

  /** Creates every component (nothing is started yet). */
  public static PipelineGraph build(RelayConfig config, TelemetrySettings telemetry) {
    Map<ComponentId, TracesExporter> exporters = new LinkedHashMap<>();
    for (PipelineConfig p : config.pipelines().values()) {
      for (ComponentId id : p.exporters()) {
        exporters.computeIfAbsent(id, k -> createExporter(config.exporters().get(k), telemetry));
      }
    }
    Map<PipelineId, List<TracesProcessor>> processors = new LinkedHashMap<>();
    Map<ComponentId, List<TracesConsumer>> receiverTargets = new LinkedHashMap<>();
    for (PipelineConfig p : config.pipelines().values()) {
      List<TracesConsumer> outs = new ArrayList<>();
      for (ComponentId id : p.exporters()) {
        outs.add(exporters.get(id));
      }
      TracesConsumer head = FanOutConsumer.of(outs);
      List<TracesProcessor> chain = new ArrayList<>();
      for (int i = p.processors().size() - 1; i >= 0; i--) {
        ComponentId id = p.processors().get(i);
        TracesProcessor proc = createProcessor(config.processors().get(id), head, telemetry);
        chain.add(0, proc);
        head = proc;
      }
      processors.put(p.id(), chain);
      for (ComponentId id : p.receivers()) {
        receiverTargets.computeIfAbsent(id, k -> new ArrayList<>()).add(head);
      }
    }
    Map<ComponentId, Component> receivers = new LinkedHashMap<>();
    for (Map.Entry<ComponentId, List<TracesConsumer>> e : receiverTargets.entrySet()) {
      receivers.put(e.getKey(),
          createReceiver(config.receivers().get(e.getKey()), FanOutConsumer.of(e.getValue()), telemetry));
    }
    return new PipelineGraph(config, exporters, processors, receivers);
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
   * timeout is over.
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
    }
    started.clear();
  }

  public void shutdown() {
    shutdown(config.shutdownTimeout());
  }

  public RelayConfig config() {
    return config;
  }

  public Component receiver(ComponentId id) {
    return receivers.get(id);
  }

  public TracesExporter exporter(ComponentId id) {
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
    for (Map.Entry<ComponentId, TracesExporter> e : exporters.entrySet()) {
      lines.add("exporter " + e.getKey() + ": " + e.getValue().describe());
    }
    for (PipelineConfig p : config.pipelines().values()) {
      lines.add("pipeline " + p.id() + ": " + p.receivers() + " -> " + p.processors() + " -> " + p.exporters());
    }
    return lines;
  }

  @SuppressWarnings("unchecked")
  private static <C> TracesExporter createExporter(Configured<ExporterFactory<?>> c, TelemetrySettings t) {
    ExporterFactory<C> f = (ExporterFactory<C>) c.factory();
    return f.createTracesExporter(c.id(), (C) c.config(), t);
  }

  @SuppressWarnings("unchecked")
  private static <C> TracesProcessor createProcessor(
      Configured<ProcessorFactory<?>> c, TracesConsumer next, TelemetrySettings t) {
    ProcessorFactory<C> f = (ProcessorFactory<C>) c.factory();
    return f.createTracesProcessor(c.id(), (C) c.config(), next, t);
  }

  @SuppressWarnings("unchecked")
  private static <C> Component createReceiver(
      Configured<ReceiverFactory<?>> c, TracesConsumer next, TelemetrySettings t) {
    ReceiverFactory<C> f = (ReceiverFactory<C>) c.factory();
    return f.createTracesReceiver(c.id(), (C) c.config(), next, t);
  }
}
