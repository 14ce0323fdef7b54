package dev.relay.component;

import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.consumer.TracesConsumer;

/**
 * An exporter: a component that consumes batches and sends them somewhere. One instance serves every pipeline that
 * lists it, whatever the signal; it is only handed the signals its factory supports ({@link ExporterFactory#signals}).
 */
public interface Exporter extends Component, TracesConsumer, LogsConsumer, MetricsConsumer {
  /**
   * Whether this instance holds something only one instance may hold at a time, such as a persistent queue's
   * directory: a reload then stops it before its successor under the same id starts, instead of after.
   */
  default boolean holdsExclusiveStorage() {
    return false;
  }

  /**
   * Waits, at most {@code timeout}, until a started exporter that connects in the background can deliver. A reload
   * calls it before it switches data to a new instance; start-up does not (the relay never waits for a destination).
   */
  default void awaitReady(java.time.Duration timeout) {}
}
