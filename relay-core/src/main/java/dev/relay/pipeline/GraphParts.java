package dev.relay.pipeline;

import dev.relay.component.Component;
import dev.relay.component.ComponentId;
import dev.relay.component.Exporter;
import dev.relay.component.ExporterFactory;
import dev.relay.component.PipelineId;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.ReceiverFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.BaseConsumer;
import dev.relay.consumer.Capabilities;
import dev.relay.consumer.Consumers;
import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.Signal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Creates the parts of a graph from a config: exporters, processor chains, receivers, and what connects them. */
final class GraphParts {
  private GraphParts() {}

  @SuppressWarnings("unchecked")
  static <C> Exporter exporter(Configured<ExporterFactory<?>> c, TelemetrySettings t) {
    ExporterFactory<C> f = (ExporterFactory<C>) c.factory();
    return f.createExporter(c.id(), (C) c.config(), t);
  }

  @SuppressWarnings("unchecked")
  static <C> Component receiver(Configured<ReceiverFactory<?>> c, Consumers next, TelemetrySettings t) {
    ReceiverFactory<C> f = (ReceiverFactory<C>) c.factory();
    return f.createReceiver(c.id(), (C) c.config(), next, t);
  }

  /** A pipeline's processors, the last feeding {@code tap} and then the pipeline's exporters. */
  static Parts.Chain chain(GraphConfig config, PipelineConfig p, Map<ComponentId, Exporter> exporters, TapPoint tap,
      TelemetrySettings telemetry) {
    List<Exporter> exporterList = new ArrayList<>();
    for (ComponentId id : p.exporters()) {
      exporterList.add(exporters.get(id));
    }
    List<Component> processors = new ArrayList<>();
    Consumers head = switch (p.id().signal()) {
      case TRACES -> new Consumers(link(config, p, tap.traces(FanOutConsumer.traces(exporterList)), processors,
          telemetry, (f, id, c, next, t) -> f.createTracesProcessor(id, c, next, t)), null, null);
      case LOGS -> new Consumers(null, link(config, p, tap.logs(FanOutConsumer.logs(exporterList)), processors,
          telemetry, (f, id, c, next, t) -> f.createLogsProcessor(id, c, next, t)), null);
      case METRICS -> new Consumers(null, null, link(config, p, tap.metrics(FanOutConsumer.metrics(exporterList)),
          processors, telemetry, (f, id, c, next, t) -> f.createMetricsProcessor(id, c, next, t)));
    };
    return new Parts.Chain(p, processors, head, tap, chainCapabilities(processors, exporterList));
  }

  /**
   * What a call through a pipeline may do: block if any of its processors or exporters may (each declares its own
   * work only; the tap point and fan-out only hand on, and never wait).
   */
  static Capabilities chainCapabilities(List<Component> processors, List<Exporter> exporters) {
    Capabilities all = Capabilities.of(exporters);
    for (Component p : processors) {
      // Every processor is a consumer of its signal; one that were not would be asked nothing, so it may block.
      all = all.and(p instanceof BaseConsumer c ? c.capabilities() : Capabilities.MAY_BLOCK);
    }
    return all;
  }

  /** The signals of the pipelines that list receiver {@code id}. */
  static Set<Signal> signals(GraphConfig config, ComponentId id) {
    Set<Signal> out = EnumSet.noneOf(Signal.class);
    for (PipelineConfig p : config.pipelines().values()) {
      if (p.receivers().contains(id)) {
        out.add(p.id().signal());
      }
    }
    return out;
  }

  /**
   * What receiver {@code id} feeds: per signal, every pipeline that lists it, and what a call may do on any of them
   * (one answer for all its signals: a receiver that feeds a pipeline that may block runs every call off its event
   * loop).
   */
  static SwitchConsumer.Target route(GraphConfig config, ComponentId id, Map<PipelineId, Parts.Chain> chains) {
    List<TracesConsumer> traces = new ArrayList<>();
    List<LogsConsumer> logs = new ArrayList<>();
    List<MetricsConsumer> metrics = new ArrayList<>();
    Capabilities capabilities = Capabilities.NEVER_BLOCKS;
    for (PipelineConfig p : config.pipelines().values()) {
      if (!p.receivers().contains(id)) {
        continue;
      }
      capabilities = capabilities.and(chains.get(p.id()).capabilities());
      Consumers head = chains.get(p.id()).head();
      switch (p.id().signal()) {
        case TRACES -> traces.add(head.traces());
        case LOGS -> logs.add(head.logs());
        case METRICS -> metrics.add(head.metrics());
      }
    }
    return new SwitchConsumer.Target(new Consumers(
        traces.isEmpty() ? null : FanOutConsumer.traces(traces),
        logs.isEmpty() ? null : FanOutConsumer.logs(logs),
        metrics.isEmpty() ? null : FanOutConsumer.metrics(metrics)), capabilities);
  }

  /** The face of {@code input} a receiver is given: only the signals it serves. */
  static Consumers inputFor(SwitchConsumer input, Set<Signal> signals) {
    return new Consumers(
        signals.contains(Signal.TRACES) ? input : null,
        signals.contains(Signal.LOGS) ? input : null,
        signals.contains(Signal.METRICS) ? input : null);
  }

  /** Creates one processor of a pipeline's signal, feeding {@code next}. */
  @FunctionalInterface
  interface ChainLink<C> {
    C make(ProcessorFactory<Object> factory, ComponentId id, Object config, C next, TelemetrySettings telemetry);
  }

  /**
   * Creates a pipeline's processors from the last to the first, each feeding the one created before it (the last
   * feeds {@code exporters}), adds them to {@code chain} in pipeline order and returns the first consumer.
   */
  @SuppressWarnings("unchecked")
  private static <C> C link(GraphConfig config, PipelineConfig p, C exporters, List<Component> chain,
      TelemetrySettings telemetry, ChainLink<C> link) {
    C next = exporters;
    for (int i = p.processors().size() - 1; i >= 0; i--) {
      Configured<ProcessorFactory<?>> c = config.processors().get(p.processors().get(i));
      next = link.make((ProcessorFactory<Object>) c.factory(), c.id(), c.config(), next, telemetry);
      chain.add(0, (Component) next);
    }
    return next;
  }

  /** The route of a receiver being removed: whatever still arrives is refused as retryable, at once. */
  static SwitchConsumer.Target refusing() {
    return new SwitchConsumer.Target(new Consumers(
        b -> { throw GraphReload.stopping(); },
        b -> { throw GraphReload.stopping(); },
        b -> { throw GraphReload.stopping(); }), Capabilities.NEVER_BLOCKS);
  }
}
