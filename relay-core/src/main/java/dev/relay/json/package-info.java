/**
 * A streaming JSON writer that encodes straight into a reusable byte buffer, and the mapping of OTTL values to JSON
 * ({@link dev.relay.json.ValueJson}). No intermediate maps or strings on the hot path.
 */
package dev.relay.json;
