package dev.relay.pipeline;

import dev.relay.component.Component;
import dev.relay.component.ComponentId;
import dev.relay.component.Exporter;
import dev.relay.component.PipelineId;
import dev.relay.component.TelemetrySettings;
import dev.relay.otlp.Signal;
import dev.relay.telemetry.MeterOwner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running form of a configuration: one instance per exporter id (shared by the pipelines that list it), one
 * processor chain per pipeline, one instance per receiver id (feeding every pipeline that lists it through a switch
 * that {@link #reload} can turn to new pipelines).
 */
public final class PipelineGraph {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineGraph.class);

  private final TelemetrySettings telemetry;
  /** Components that started and have not stopped; guarded by {@code this}. */
  private final Set<Component> started = Collections.newSetFromMap(new IdentityHashMap<>());
  private volatile Parts parts;
  private volatile boolean running;

  private PipelineGraph(Parts parts, TelemetrySettings telemetry) {
    this.parts = parts;
    this.telemetry = telemetry;
  }

  /** Creates every component (nothing is started yet). */
  public static PipelineGraph build(GraphConfig config, TelemetrySettings telemetry) {
    Map<ComponentId, Exporter> exporters = new LinkedHashMap<>();
    for (PipelineConfig p : config.pipelines().values()) {
      for (ComponentId id : p.exporters()) {
        exporters.computeIfAbsent(id, k -> GraphParts.exporter(config.exporters().get(k), telemetry));
      }
    }
    Map<PipelineId, Parts.Chain> chains = new LinkedHashMap<>();
    for (PipelineConfig p : config.pipelines().values()) {
      chains.put(p.id(), GraphParts.chain(config, p, exporters, new TapPoint(p.id()), telemetry));
    }
    Map<ComponentId, Parts.ReceiverSlot> receivers = new LinkedHashMap<>();
    for (ComponentId id : receiverIds(config)) {
      Set<Signal> signals = GraphParts.signals(config, id);
      SwitchConsumer input = new SwitchConsumer(GraphParts.route(config, id, chains));
      receivers.put(id, new Parts.ReceiverSlot(
          GraphParts.receiver(config.receivers().get(id), GraphParts.inputFor(input, signals), telemetry),
          input, signals));
    }
    return new PipelineGraph(new Parts(config, exporters, chains, receivers), telemetry);
  }

  /** The receivers the pipelines list, in the order they are first listed. */
  static Set<ComponentId> receiverIds(GraphConfig config) {
    Set<ComponentId> ids = new LinkedHashSet<>();
    config.pipelines().values().forEach(p -> ids.addAll(p.receivers()));
    return ids;
  }

  /** The tap point of a pipeline, or null when there is no such pipeline. */
  public TapPoint tap(PipelineId pipeline) {
    Parts.Chain chain = parts.chains().get(pipeline);
    return chain == null ? null : chain.tap();
  }

  /**
   * Starts exporters, then processors, then receivers, so nothing receives data before its destination runs. On
   * failure, stops what had started and rethrows.
   */
  public synchronized void start() throws Exception {
    for (Component c : parts.startOrder()) {
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
   * Applies {@code next} to the running graph and returns what changed: components whose settings did not change
   * keep running, new and changed ones are started before the ones they replace are drained and stopped (see
   * {@link GraphReload}). Throws when a new component cannot be created or started; the graph then runs on as
   * before.
   */
  public synchronized ConfigDiff reload(GraphConfig next, Duration drainTimeout) throws Exception {
    if (!running) {
      throw new IllegalStateException("the graph is not running");
    }
    GraphReload reload = new GraphReload(parts, next, telemetry, drainTimeout);
    parts = reload.apply(started);
    if (!reload.errors().isEmpty()) {
      throw new IllegalStateException(String.join("; ", reload.errors()));
    }
    return reload.diff();
  }

  /**
   * Stops receivers first (no new data), then processors, then exporters, which deliver what they hold until the
   * timeout is over; then removes their meters.
   */
  public synchronized void shutdown(Duration timeout) {
    running = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    Parts p = parts;
    Map<Component, MeterOwner> owners = p.owners();
    List<Component> order = new ArrayList<>(p.startOrder());
    Collections.reverse(order);
    for (Component c : order) {
      if (started.remove(c)) {
        stop(c, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
    }
    new LinkedHashSet<>(owners.values()).forEach(o -> o.removeFrom(telemetry.meterRegistry()));
  }

  static void stop(Component c, Duration timeout) {
    try {
      c.shutdown(timeout);
    } catch (RuntimeException e) {
      LOG.warn("error while stopping {}: {}", c.describe(), e.toString());
    }
  }

  public GraphConfig config() {
    return parts.config();
  }

  public Component receiver(ComponentId id) {
    Parts.ReceiverSlot slot = parts.receivers().get(id);
    return slot == null ? null : slot.receiver();
  }

  /**
   * What a call may do on receiver {@code id}'s route in force ({@link SwitchConsumer#capabilities()}): whether it
   * runs its calls on its event loop. Null when there is no such receiver.
   */
  public dev.relay.consumer.Capabilities receiverCapabilities(ComponentId id) {
    Parts.ReceiverSlot slot = parts.receivers().get(id);
    return slot == null ? null : slot.input().capabilities();
  }

  public Exporter exporter(ComponentId id) {
    return parts.exporters().get(id);
  }

  /** Whether every component started and shutdown has not begun: what readiness reports. */
  public boolean running() {
    return running;
  }

  /** Each receiver's and exporter's state, by {@code kind/id}, e.g. {@code exporter/redis -> connected}. */
  public Map<String, String> states() {
    Parts p = parts;
    Map<String, String> out = new LinkedHashMap<>();
    p.receivers().forEach((id, r) -> out.put("receiver/" + id, r.receiver().state()));
    p.exporters().forEach((id, c) -> out.put("exporter/" + id, c.state()));
    return out;
  }

  /** The start-up summary: what listens where, and each pipeline's components. */
  public List<String> describe() {
    Parts p = parts;
    List<String> lines = new ArrayList<>();
    p.receivers().forEach((id, r) -> lines.add("receiver " + id + ": " + r.receiver().describe()));
    p.exporters().forEach((id, e) -> lines.add("exporter " + id + ": " + e.describe()));
    for (PipelineConfig pc : p.config().pipelines().values()) {
      lines.add("pipeline " + pc.id() + ": " + pc.receivers() + " -> " + pc.processors() + " -> " + pc.exporters());
    }
    return lines;
  }
}
