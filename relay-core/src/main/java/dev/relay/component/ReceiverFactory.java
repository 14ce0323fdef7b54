package dev.relay.component;

import dev.relay.otlp.Signal;

import dev.relay.consumer.Consumers;
import java.util.EnumSet;
import java.util.Set;

/**
 * Creates receivers of one type. One instance per receiver id feeds every pipeline that lists it, for each signal
 * those pipelines carry.
 */
public interface ReceiverFactory<C> extends ComponentFactory<C> {
  Component createReceiver(ComponentId id, C config, Consumers next, TelemetrySettings telemetry);

  default Set<Signal> signals() {
    return EnumSet.of(Signal.TRACES);
  }
}
