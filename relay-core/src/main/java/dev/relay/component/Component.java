package dev.relay.component;

import java.time.Duration;

/** Lifecycle shared by receivers, processors and exporters. */
public interface Component {
  /** Starts the component; a failure here is a runtime failure of the whole relay (e.g. a port in use). */
  default void start() throws Exception {}

  /**
   * Called by a reload before {@link #start} when this component replaces {@code predecessor}, which has the same
   * id and is still running: this one may take over what can be handed on, such as a receiver's listening socket
   * on an unchanged endpoint, so that its port is never closed. The predecessor is stopped after this one started.
   */
  default void takeOverFrom(Component predecessor) {}

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
