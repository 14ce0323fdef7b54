/**
 * The {@code filter} processor: Collector-compatible {@code traces.span} and {@code traces.spanevent} conditions
 * (ORed; a match drops the item). Resources and scopes left empty are removed; a batch from which nothing was
 * dropped goes on unchanged, bytes and all.
 */
package dev.relay.processor.filter;
