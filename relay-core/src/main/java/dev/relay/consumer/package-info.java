/**
 * The small interfaces every pipeline component talks through, one per signal ({@link
 * dev.relay.consumer.TracesConsumer}, {@link dev.relay.consumer.LogsConsumer}, {@link
 * dev.relay.consumer.MetricsConsumer}), and their typed failure ({@link dev.relay.consumer.ConsumeException}:
 * permanent or retryable), as in the Collector.
 */
package dev.relay.consumer;
