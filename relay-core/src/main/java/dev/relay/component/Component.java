package dev.relay.component;

import java.time.Duration;

/** Lifecycle shared by receivers, processors and exporters. */
public interface Component {
  /** Starts the component; a failure here is a runtime failure of the whole relay (e.g. a port in use). */
  default void start() throws Exception {}

  /**
   * Stops the component. Exporters deliver what they hold until {@code timeout} is over, then give up and count
   * what is left; receivers stop accepting at once.
   */
  default void shutdown(Duration timeout) {}

  /** One line for the start-up summary, e.g. {@code OTLP/gRPC on 127.0.0.1:4317}. */
  String describe();

  /** The component's state for readiness reports, e.g. {@code connected}; {@code running} unless it knows more. */
  default String state() {
    return "running";
  }
}
