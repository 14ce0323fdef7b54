/** The {@code debug} exporter, as in the Collector: logs what passes, at {@code basic}, {@code normal} or
 * {@code detailed} verbosity, sampled with {@code sampling_initial} and {@code sampling_thereafter}; and
 * {@code logging}, its deprecated former name. *
 * <p>Only the factories are public (and, where a benchmark or another component reads it, the config record);
 * everything else is package-private.
 */
package dev.relay.exporter.debug;
