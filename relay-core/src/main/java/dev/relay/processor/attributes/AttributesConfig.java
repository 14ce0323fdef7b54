package dev.relay.processor.attributes;

import dev.relay.attraction.AttributeActions;

/**
 * Settings of one {@code attributes} processor: its actions, in order, and which items they apply to ({@code
 * include} and {@code exclude}, each null when not given): an item is skipped when it does not match {@code include}, or matches
 * {@code exclude}.
 */
public record AttributesConfig(AttributeActions actions, MatchProperties include, MatchProperties exclude) {}
