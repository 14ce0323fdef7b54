package dev.relay.pipeline;

import dev.relay.component.ComponentFactory;
import dev.relay.component.ComponentId;

/**
 * A component id with its factory and the config record that factory read.
 *
 * @param config the record {@code factory.parseConfig} returned; passed back to the same factory only
 * @param source stands for what the config was read from (the settings with references expanded; the loader keeps
 *     only a digest of them): equal sources mean an unchanged component on reload (a parsed record may hold
 *     compiled OTTL, which cannot be compared)
 */
public record Configured<F extends ComponentFactory<?>>(
    ComponentId id, F factory, Object config, int line, Object source) {
  /** Compared by its record alone: for configs built in code. */
  public Configured(ComponentId id, F factory, Object config, int line) {
    this(id, factory, config, line, config);
  }

  /** Whether {@code other} is the same type read from the same settings, so a running instance can stay. */
  public boolean sameAs(Configured<?> other) {
    return other != null && factory.getClass() == other.factory.getClass()
        && java.util.Objects.equals(source, other.source);
  }
}
