/**
 * A streaming JSON writer ({@link dev.relay.json.JsonWriter}) that encodes straight into a reusable byte buffer:
 * no intermediate maps or strings on the hot path. It depends on nothing else in the relay, so every layer may use
 * it; what renders relay data with it lives above ({@code dev.relay.json.otlp}, {@link dev.relay.ottl.ValueJson}).
 */
package dev.relay.json;
