package dev.relay.exporter.redis;

import dev.relay.ottl.Condition;
import dev.relay.ottl.context.SpanEventContext;

/** A compiled route: which events ({@code match}), to which channel, as what JSON. */
record Route(int index, Condition<SpanEventContext> match, Template channel, Payload payload) {}
