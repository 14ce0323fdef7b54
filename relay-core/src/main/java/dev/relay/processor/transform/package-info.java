/**
 * The {@code transform} processor: Collector-compatible {@code trace_statements} (OTTL editors with
 * {@code where} clauses), compiled once and run in order on a rebuilt copy of each batch.
 */
package dev.relay.processor.transform;
