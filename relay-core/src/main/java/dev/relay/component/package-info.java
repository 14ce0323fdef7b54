/**
 * The component model, shaped like the Collector's: each receiver, processor and exporter type is a factory that
 * parses and validates its own config record and creates instances; {@link dev.relay.component.Components} is the
 * registry of known types.
 */
package dev.relay.component;
