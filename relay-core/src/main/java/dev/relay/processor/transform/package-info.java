/**
 * The {@code transform} processor: Collector-compatible {@code trace_statements}, {@code log_statements} and
 * {@code metric_statements} (OTTL editors with {@code where} clauses), compiled once and run in order on a rebuilt
 * copy of each batch.
 *
 * <p>Only the factory is public (and, where a benchmark or another component reads it, the config record);
 * everything else is package-private.
 */
package dev.relay.processor.transform;
