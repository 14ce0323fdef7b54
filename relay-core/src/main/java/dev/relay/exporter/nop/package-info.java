/**
 * The {@code nop} exporter, as in the Collector: takes no settings and drops what it is given. Only the factory
 * (and its empty settings record) is public.
 */
package dev.relay.exporter.nop;
