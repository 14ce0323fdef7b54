/** The {@code debug} exporter, as in the Collector: logs what passes, at {@code basic}, {@code normal} or
 * {@code detailed} verbosity. */
package dev.relay.exporter.debug;
