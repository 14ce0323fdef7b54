package dev.relay.component;

import dev.relay.consumer.TracesConsumer;

/** Creates processors of one type. */
public interface ProcessorFactory<C> extends ComponentFactory<C> {
  TracesProcessor createTracesProcessor(ComponentId id, C config, TracesConsumer next, TelemetrySettings telemetry);

  /**
   * Whether processors of this type change the data they pass on. The graph uses it to decide whether the bytes
   * a client sent can still be forwarded untouched.
   */
  default boolean mutatesData() {
    return true;
  }
}
