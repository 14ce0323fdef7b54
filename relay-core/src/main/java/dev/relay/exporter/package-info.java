/**
 * What every exporter shares, written once (the Collector's exporterhelper). Exporter types live in sub-packages.
 *
 * <p>The SPI for exporter authors, and only it, is public:
 *
 * <ul>
 *   <li>{@link dev.relay.exporter.BatchSender}: the exporter-specific part, which sends batches and classifies
 *       failures as {@link dev.relay.exporter.ExportException} (retryable, perhaps with the peer's delay, or
 *       permanent);
 *   <li>{@link dev.relay.exporter.QueuedExporter}: the exporter a factory returns, wrapping its sender;
 *   <li>{@link dev.relay.exporter.QueuedExporterSettings} (and its checked builder): what the queued exporter does;
 *   <li>{@link dev.relay.exporter.ExporterHelperSettings}, read by {@link dev.relay.exporter.HelperConfig#read}: the
 *       shared {@code timeout}, {@code retry_on_failure}, {@code sending_queue} and {@code batch} keys, embedded in
 *       an exporter's config record;
 *   <li>{@link dev.relay.exporter.RetryPolicy} and {@link dev.relay.exporter.Sleeper} (injected by tests).
 * </ul>
 *
 * <p>The parts the queued exporter is made of are package-private, one job each: {@code QueueAdmission} (queueing
 * and backpressure), {@code SyncExport} (no queue), {@code QueueConsumer} and {@code Batcher} (the consumer
 * threads), {@code RetryLoop} (timeout, backoff, drops), {@code ExporterMeters} and {@code DropReason} (every
 * meter), {@code ExportQueues} and {@code BatchCodec} (the queue), {@code RunState} and {@code ExporterLog}. The
 * caller's deadline comes from {@link dev.relay.consumer.RequestContext}, not from any transport.
 */
package dev.relay.exporter;
