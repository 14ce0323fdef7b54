/**
 * What every exporter shares, written once (the Collector's exporterhelper): {@link
 * dev.relay.exporter.QueuedExporter} puts a bounded queue in front of an exporter's {@link
 * dev.relay.exporter.BatchSender}, merges queued batches, applies the per-attempt timeout and retries retryable
 * failures ({@link dev.relay.exporter.ExportException}) with the {@link dev.relay.exporter.RetryPolicy}.
 * Exporter types live in sub-packages.
 */
package dev.relay.exporter;
