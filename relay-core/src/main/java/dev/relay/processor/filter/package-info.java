/**
 * The {@code filter} processor: Collector-compatible {@code traces.span} and {@code traces.spanevent} conditions
 * (ORed; a match drops the item). Resources and scopes left empty are removed; a batch from which nothing was
 * dropped goes on unchanged, bytes and all.
 *
 * <p>Only the factory is public (and, where a benchmark or another component reads it, the config record);
 * everything else is package-private.
 */
package dev.relay.processor.filter;
