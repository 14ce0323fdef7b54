/**
 * The one small interface every pipeline component talks through ({@link dev.relay.consumer.TracesConsumer}) and
 * its typed failure ({@link dev.relay.consumer.ConsumeException}: permanent or retryable), as in the Collector.
 */
package dev.relay.consumer;
