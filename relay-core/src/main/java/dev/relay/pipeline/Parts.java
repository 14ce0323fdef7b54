package dev.relay.pipeline;

import dev.relay.component.Component;
import dev.relay.component.ComponentId;
import dev.relay.component.Exporter;
import dev.relay.component.PipelineId;
import dev.relay.consumer.Capabilities;
import dev.relay.consumer.Consumers;
import dev.relay.otlp.Signal;
import dev.relay.telemetry.MeterOwner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The running components of a graph at one moment: one exporter per id, one processor chain per pipeline, one
 * receiver per id with the switch it feeds. A reload builds the next parts and publishes them whole.
 */
record Parts(
    GraphConfig config,
    Map<ComponentId, Exporter> exporters,
    Map<PipelineId, Chain> chains,
    Map<ComponentId, ReceiverSlot> receivers) {
  Parts {
    exporters = Collections.unmodifiableMap(new LinkedHashMap<>(exporters));
    chains = Collections.unmodifiableMap(new LinkedHashMap<>(chains));
    receivers = Collections.unmodifiableMap(new LinkedHashMap<>(receivers));
  }

  /**
   * One pipeline's processors in order, the consumer its receivers call ({@code head}), its tap point, and what a
   * call through it all may do ({@code capabilities}: its processors' and exporters' combined).
   */
  record Chain(PipelineConfig config, List<Component> processors, Consumers head, TapPoint tap,
      Capabilities capabilities) {
    Chain {
      processors = List.copyOf(processors);
    }
  }

  /** One receiver, the switch it feeds, and the signals it was built for. */
  record ReceiverSlot(Component receiver, SwitchConsumer input, Set<Signal> signals) {}

  /** Every component, in the order they start: exporters, processors, receivers. */
  List<Component> startOrder() {
    List<Component> order = new ArrayList<>(exporters.values());
    chains.values().forEach(c -> order.addAll(c.processors()));
    receivers.values().forEach(r -> order.add(r.receiver()));
    return order;
  }

  /** Which meters each component owns. */
  Map<Component, MeterOwner> owners() {
    Map<Component, MeterOwner> out = new IdentityHashMap<>();
    exporters.forEach((id, c) -> out.put(c, MeterOwner.exporter(id)));
    chains.values().forEach(chain -> {
      List<ComponentId> ids = chain.config().processors();
      for (int i = 0; i < ids.size(); i++) {
        out.put(chain.processors().get(i), MeterOwner.processor(ids.get(i)));
      }
    });
    receivers.forEach((id, r) -> out.put(r.receiver(), MeterOwner.receiver(id)));
    return out;
  }
}
