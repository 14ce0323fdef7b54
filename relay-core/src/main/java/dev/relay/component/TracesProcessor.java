package dev.relay.component;

import dev.relay.consumer.TracesConsumer;

/** A processor for spans: consumes a batch and hands its result to the next consumer. */
public interface TracesProcessor extends Component, TracesConsumer {}
