package dev.relay.component;

import dev.relay.consumer.MetricsConsumer;

/** A processor for metric data points: consumes a batch and hands its result to the next consumer. */
public interface MetricsProcessor extends Component, MetricsConsumer {}
