package dev.relay.component;

import dev.relay.config.ConfigMap;

/**
 * Knows one component type: reads and validates its config record. Faults go to the map's problems, each with
 * its line; unknown keys are rejected by the factory once it has read all it knows.
 *
 * @param <C> the immutable config record of this type
 */
public interface ComponentFactory<C> {
  String type();

  /** Reads the component's settings; on faults, records them and returns a best-effort record. */
  C parseConfig(ConfigMap config);
}
