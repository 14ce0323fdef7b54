package dev.relay.processor.resource;

import dev.relay.attraction.AttributeActions;

/** Settings of one {@code resource} processor: its actions on resource attributes, in order. */
public record ResourceConfig(AttributeActions actions) {}
