package dev.relay.component;

import dev.relay.consumer.TracesConsumer;

/** Creates receivers of one type. */
public interface ReceiverFactory<C> extends ComponentFactory<C> {
  Component createTracesReceiver(ComponentId id, C config, TracesConsumer next, TelemetrySettings telemetry);
}
