package dev.relay.component;

import dev.relay.otlp.Signal;

import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.consumer.TracesConsumer;
import java.util.EnumSet;
import java.util.Set;

/**
 * Creates processors of one type. Each pipeline gets its own instance, for its signal; a type supports the signals
 * {@link #signals()} names, and a pipeline of another signal that lists it is a config fault.
 */
public interface ProcessorFactory<C> extends ComponentFactory<C> {
  TracesProcessor createTracesProcessor(ComponentId id, C config, TracesConsumer next, TelemetrySettings telemetry);

  default LogsProcessor createLogsProcessor(ComponentId id, C config, LogsConsumer next, TelemetrySettings telemetry) {
    throw new UnsupportedOperationException(type() + " processors do not support logs");
  }

  default MetricsProcessor createMetricsProcessor(
      ComponentId id, C config, MetricsConsumer next, TelemetrySettings telemetry) {
    throw new UnsupportedOperationException(type() + " processors do not support metrics");
  }

  default Set<Signal> signals() {
    return EnumSet.of(Signal.TRACES);
  }

  /**
   * Whether processors of this type change the data they pass on. The graph uses it to decide whether the bytes
   * a client sent can still be forwarded untouched.
   */
  default boolean mutatesData() {
    return true;
  }
}
