package dev.relay.pipeline;

import dev.relay.component.ComponentFactory;
import dev.relay.component.ComponentId;

/**
 * A component id with its factory and the config record that factory read.
 *
 * @param config the record {@code factory.parseConfig} returned; passed back to the same factory only
 */
public record Configured<F extends ComponentFactory<?>>(ComponentId id, F factory, Object config, int line) {}
