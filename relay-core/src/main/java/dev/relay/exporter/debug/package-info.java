/** The {@code debug} exporter, as in the Collector: logs what passes, at {@code basic}, {@code normal} or
 * {@code detailed} verbosity. *
 * <p>Only the factory is public (and, where a benchmark or another component reads it, the config record);
 * everything else is package-private.
 */
package dev.relay.exporter.debug;
