/**
 * The small interfaces every pipeline component talks through, one per signal ({@link
 * dev.relay.consumer.TracesConsumer}, {@link dev.relay.consumer.LogsConsumer}, {@link
 * dev.relay.consumer.MetricsConsumer}), and their typed failure ({@link dev.relay.consumer.ConsumeException}:
 * permanent or retryable), as in the Collector, and what calling one may do to the caller ({@link
 * dev.relay.consumer.Capabilities}, declared through {@link dev.relay.consumer.BaseConsumer}: whether it may
 * block, which decides whether a receiver runs the pipeline on its event loop).
 *
 * <p>The extension API, all of it public; also {@link dev.relay.consumer.RequestContext}, what a receiver knows of the
 * call a batch came with (its deadline, whether the caller gave up).
 */
package dev.relay.consumer;
