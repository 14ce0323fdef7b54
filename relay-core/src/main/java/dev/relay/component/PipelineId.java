package dev.relay.component;

import dev.relay.otlp.Signal;

/** A pipeline's name in the config: {@code traces} or {@code traces/name}. */
public record PipelineId(Signal signal, String name) {
  @Override
  public String toString() {
    return name.isEmpty() ? signal.configName() : signal.configName() + "/" + name;
  }
}
