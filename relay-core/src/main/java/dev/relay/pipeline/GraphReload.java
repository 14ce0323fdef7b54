package dev.relay.pipeline;

import dev.relay.component.Component;
import dev.relay.component.ComponentId;
import dev.relay.component.Exporter;
import dev.relay.component.PipelineId;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.ConsumeException;
import dev.relay.otlp.Signal;
import dev.relay.telemetry.MeterOwner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a new config to running parts. What did not change keeps running untouched: an exporter or receiver whose
 * settings are the same, a pipeline whose lists, processors and exporters are the same. The rest is built and
 * started first; then each receiver's switch turns to the new pipelines, and what was replaced is retired once no
 * batch is on its way through it: receivers stop (in-flight calls finish), processors hand on what they hold,
 * exporters drain their memory queues for up to the drain timeout.
 *
 * <p>An exporter holding exclusive storage (a persistent queue's directory) cannot run beside its successor. Then
 * every receiver's switch is held (batches wait, bounded), the old instance stops and leaves its records on disk,
 * the new one opens the same directory, and the switches are released onto the new pipelines.
 *
 * <p>Meters of a replaced or removed component are unregistered before its successor is built, so the successor
 * registers its own (the old instance counts on into meters nobody scrapes while it drains). Micrometer hands a
 * meter already registered under the same name and tags to whoever asks, so this must happen before the successor
 * exists; a reload that then fails to start a new part leaves the old one running without registered meters.
 */
final class GraphReload {
  private static final Logger LOG = LoggerFactory.getLogger(GraphReload.class);
  private static final Duration HANDOVER_DRAIN = Duration.ofSeconds(1);
  /** The longest a reload waits for new exporters to connect before it switches to them. */
  private static final Duration READY_WAIT = Duration.ofSeconds(5);

  private final Parts old;
  private final GraphConfig next;
  private final TelemetrySettings telemetry;
  private final Duration drain;
  private final ConfigDiff diff;
  private final List<String> errors = new ArrayList<>();

  GraphReload(Parts old, GraphConfig next, TelemetrySettings telemetry, Duration drain) {
    this.old = old;
    this.next = next;
    this.telemetry = telemetry;
    this.drain = drain;
    this.diff = ConfigDiff.between(old.config(), next);
  }

  ConfigDiff diff() {
    return diff;
  }

  /** What went wrong after the switch (a receiver that could not take over its port), for the caller to report. */
  List<String> errors() {
    return errors;
  }

  /**
   * Builds, starts and switches to the next parts, retires the replaced ones, and returns the next parts.
   * {@code started} is kept up to date. Throws, with the old parts still running, when a new part cannot be built or
   * started before the switch.
   */
  Parts apply(Set<Component> started) throws Exception {
    // What stays.
    Map<ComponentId, Exporter> keptExporters = new LinkedHashMap<>();
    for (ComponentId id : usedExporters(next)) {
      Exporter running = old.exporters().get(id);
      if (running != null && next.exporters().get(id).sameAs(old.config().exporters().get(id))) {
        keptExporters.put(id, running);
      }
    }
    Map<PipelineId, Parts.Chain> keptChains = new LinkedHashMap<>();
    for (PipelineConfig p : next.pipelines().values()) {
      Parts.Chain running = old.chains().get(p.id());
      if (running != null && running.config().equals(p) && sameProcessors(p)
          && keptExporters.keySet().containsAll(p.exporters())) {
        keptChains.put(p.id(), running);
      }
    }
    Map<ComponentId, Parts.ReceiverSlot> keptReceivers = new LinkedHashMap<>();
    for (ComponentId id : PipelineGraph.receiverIds(next)) {
      Parts.ReceiverSlot running = old.receivers().get(id);
      if (running != null && next.receivers().get(id).sameAs(old.config().receivers().get(id))
          && running.signals().equals(GraphParts.signals(next, id))) {
        keptReceivers.put(id, running);
      }
    }
    Set<Component> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    kept.addAll(keptExporters.values());
    keptChains.values().forEach(c -> kept.addAll(c.processors()));
    keptReceivers.values().forEach(r -> kept.add(r.receiver()));
    Map<Component, MeterOwner> oldOwners = old.owners();
    releaseMeters(oldOwners, kept);

    // Build what is new, in the order the config lists it.
    Map<ComponentId, Exporter> exporters = new LinkedHashMap<>();
    List<Exporter> newExporters = new ArrayList<>();
    List<Exporter> handedOver = new ArrayList<>();
    for (ComponentId id : usedExporters(next)) {
      Exporter e = keptExporters.get(id);
      if (e == null) {
        e = GraphParts.exporter(next.exporters().get(id), telemetry);
        Exporter predecessor = old.exporters().get(id);
        (predecessor != null && predecessor.holdsExclusiveStorage() ? handedOver : newExporters).add(e);
      }
      exporters.put(id, e);
    }
    Map<PipelineId, Parts.Chain> chains = new LinkedHashMap<>();
    List<Parts.Chain> newChains = new ArrayList<>();
    for (PipelineConfig p : next.pipelines().values()) {
      Parts.Chain c = keptChains.get(p.id());
      if (c == null) {
        Parts.Chain previous = old.chains().get(p.id());
        TapPoint tap = previous != null ? previous.tap() : new TapPoint(p.id()); // watchers stay attached
        c = GraphParts.chain(next, p, exporters, tap, telemetry);
        newChains.add(c);
      }
      chains.put(p.id(), c);
    }
    CountDownLatch held = handedOver.isEmpty() ? null : new CountDownLatch(1);
    Map<ComponentId, Parts.ReceiverSlot> receivers = new LinkedHashMap<>();
    List<Parts.ReceiverSlot> newReceivers = new ArrayList<>();
    for (ComponentId id : PipelineGraph.receiverIds(next)) {
      Parts.ReceiverSlot slot = keptReceivers.get(id);
      if (slot == null) {
        Set<Signal> signals = GraphParts.signals(next, id);
        SwitchConsumer input = held != null ? new SwitchConsumer(held)
            : new SwitchConsumer(GraphParts.route(next, id, chains));
        slot = new Parts.ReceiverSlot(
            GraphParts.receiver(next.receivers().get(id), GraphParts.inputFor(input, signals), telemetry),
            input, signals);
        newReceivers.add(slot);
      }
      receivers.put(id, slot);
    }

    // Start what is new, downstream first. A receiver whose port its predecessor still holds waits for it.
    List<Component> startedNow = new ArrayList<>();
    List<Parts.ReceiverSlot> deferred = new ArrayList<>();
    try {
      for (Exporter e : newExporters) {
        startNew(e, startedNow);
      }
      for (Parts.Chain c : newChains) {
        for (Component p : c.processors()) {
          startNew(p, startedNow);
        }
      }
      for (Parts.ReceiverSlot r : newReceivers) {
        Parts.ReceiverSlot predecessor = old.receivers().get(idOf(receivers, r));
        if (predecessor != null) {
          r.receiver().takeOverFrom(predecessor.receiver()); // e.g. its listening socket, if the endpoint is the same
        }
        try {
          r.receiver().start();
          startedNow.add(r.receiver());
        } catch (Exception e) {
          if (!old.receivers().containsKey(idOf(receivers, r))) {
            throw e;
          }
          deferred.add(r);
        }
      }
    } catch (Exception e) {
      for (int i = startedNow.size() - 1; i >= 0; i--) {
        PipelineGraph.stop(startedNow.get(i), Duration.ofSeconds(1));
      }
      throw e;
    }
    started.addAll(startedNow);
    long readyBy = System.nanoTime() + Math.min(drain.toNanos(), READY_WAIT.toNanos());
    for (Exporter e : newExporters) {
      e.awaitReady(Duration.ofNanos(Math.max(0, readyBy - System.nanoTime())));
    }

    // Switch. What was replaced is retired once no batch is on its way through it.
    List<SwitchConsumer.Route> oldRoutes = new ArrayList<>();
    long deadline = System.nanoTime() + drain.toNanos();
    List<Parts.ReceiverSlot> retiredReceivers = new ArrayList<>();
    old.receivers().forEach((id, slot) -> {
      if (keptReceivers.get(id) != slot) {
        retiredReceivers.add(slot);
      }
    });
    if (held == null) {
      for (Map.Entry<ComponentId, Parts.ReceiverSlot> e : old.receivers().entrySet()) {
        SwitchConsumer.Target route = routeFor(e.getKey(), e.getValue(), chains);
        // A receiver on its way out that serves other signals now keeps its route until it has stopped.
        oldRoutes.add(route != null ? e.getValue().input().switchTo(route) : e.getValue().input().current());
      }
      retireReceivers(retiredReceivers, deferred, receivers, started);
      awaitIdle(oldRoutes, deadline);
      retireChains(keptChains, started);
    } else {
      for (Parts.ReceiverSlot slot : old.receivers().values()) {
        oldRoutes.add(slot.input().hold(held));
      }
      try {
        awaitIdle(oldRoutes, deadline);
        retireChains(keptChains, started);
        for (Exporter e : handedOver) {
          Exporter predecessor = old.exporters().get(idOf(exporters, e));
          PipelineGraph.stop(predecessor, HANDOVER_DRAIN.compareTo(drain) < 0 ? HANDOVER_DRAIN : drain);
          started.remove(predecessor);
          try {
            e.start();
            started.add(e);
            e.awaitReady(READY_WAIT.compareTo(drain) < 0 ? READY_WAIT : drain);
          } catch (Exception failure) {
            errors.add("exporter " + idOf(exporters, e) + " cannot start: " + failure.getMessage());
          }
        }
      } finally {
        for (Map.Entry<ComponentId, Parts.ReceiverSlot> e : old.receivers().entrySet()) {
          SwitchConsumer.Target route = routeFor(e.getKey(), e.getValue(), chains);
          e.getValue().input().switchTo(route != null ? route : GraphParts.refusing());
        }
        for (Parts.ReceiverSlot r : newReceivers) {
          r.input().switchTo(GraphParts.route(next, idOf(receivers, r), chains));
        }
        held.countDown();
      }
      retireReceivers(retiredReceivers, deferred, receivers, started);
    }
    Set<Exporter> stays = Collections.newSetFromMap(new IdentityHashMap<>());
    stays.addAll(exporters.values());
    old.exporters().forEach((id, e) -> {
      if (!stays.contains(e) && started.remove(e)) {
        PipelineGraph.stop(e, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
    });
    for (String error : errors) {
      LOG.error("reload: {}", error);
    }
    return new Parts(next, exporters, chains, receivers);
  }

  /** The route a running receiver's switch turns to: its id's pipelines in {@code next}, if it serves the same. */
  private SwitchConsumer.Target routeFor(ComponentId id, Parts.ReceiverSlot slot, Map<PipelineId, Parts.Chain> chains) {
    if (!next.pipelines().values().stream().anyMatch(p -> p.receivers().contains(id))
        || !slot.signals().equals(GraphParts.signals(next, id))) {
      return null;
    }
    return GraphParts.route(next, id, chains);
  }

  private boolean sameProcessors(PipelineConfig p) {
    return p.processors().stream().allMatch(id -> next.processors().get(id).sameAs(old.config().processors().get(id)));
  }

  private void releaseMeters(Map<Component, MeterOwner> oldOwners, Set<Component> kept) {
    Set<MeterOwner> keptOwners = new HashSet<>();
    Set<MeterOwner> released = new LinkedHashSet<>();
    oldOwners.forEach((c, owner) -> (kept.contains(c) ? keptOwners : released).add(owner));
    released.removeAll(keptOwners);
    released.forEach(o -> o.removeFrom(telemetry.meterRegistry()));
  }

  private static void startNew(Component c, List<Component> startedNow) throws Exception {
    c.start();
    startedNow.add(c);
  }

  /**
   * Stops the receivers that were replaced or removed (their in-flight calls finish), and starts the replacements
   * that had to wait for their predecessor's port.
   */
  private void retireReceivers(List<Parts.ReceiverSlot> retired, List<Parts.ReceiverSlot> deferred,
      Map<ComponentId, Parts.ReceiverSlot> receivers, Set<Component> started) {
    Map<ComponentId, Parts.ReceiverSlot> waiting = new LinkedHashMap<>();
    deferred.forEach(r -> waiting.put(idOf(receivers, r), r));
    for (Map.Entry<ComponentId, Parts.ReceiverSlot> e : old.receivers().entrySet()) {
      if (!retired.contains(e.getValue())) {
        continue;
      }
      if (started.remove(e.getValue().receiver())) {
        PipelineGraph.stop(e.getValue().receiver(), drain);
      }
      Parts.ReceiverSlot successor = waiting.get(e.getKey());
      if (successor != null) {
        try {
          successor.receiver().start();
          started.add(successor.receiver());
        } catch (Exception failure) {
          errors.add("receiver " + e.getKey() + " cannot start: " + failure.getMessage());
        }
      }
    }
  }

  /** Stops the processors of chains that were replaced or removed; they hand on what they hold first. */
  private void retireChains(Map<PipelineId, Parts.Chain> keptChains, Set<Component> started) {
    for (Map.Entry<PipelineId, Parts.Chain> e : old.chains().entrySet()) {
      if (keptChains.get(e.getKey()) == e.getValue()) {
        continue;
      }
      for (Component p : e.getValue().processors()) {
        if (started.remove(p)) {
          PipelineGraph.stop(p, drain);
        }
      }
    }
  }

  private void awaitIdle(List<SwitchConsumer.Route> routes, long deadline) {
    for (SwitchConsumer.Route r : routes) {
      if (!SwitchConsumer.awaitIdle(r, deadline)) {
        LOG.warn("reload: requests still on the old pipelines after {}; retiring them anyway", drain);
        return;
      }
    }
  }

  private static <V> ComponentId idOf(Map<ComponentId, V> map, Object value) {
    for (Map.Entry<ComponentId, V> e : map.entrySet()) {
      if (e.getValue() == value) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("not in the graph: " + value);
  }

  private static Set<ComponentId> usedExporters(GraphConfig config) {
    Set<ComponentId> ids = new LinkedHashSet<>();
    config.pipelines().values().forEach(p -> ids.addAll(p.exporters()));
    return ids;
  }

  /** Thrown to a batch that arrives on a receiver being removed, while the switch was held. */
  static ConsumeException stopping() {
    return ConsumeException.retryable("this receiver is being removed by a reload");
  }
}
