package dev.relay.component;

import dev.relay.consumer.LogsConsumer;

/** A processor for log records: consumes a batch and hands its result to the next consumer. */
public interface LogsProcessor extends Component, LogsConsumer {}
