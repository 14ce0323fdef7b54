package dev.relay.component;

import dev.relay.consumer.TracesConsumer;

/** An exporter for spans: a component that consumes batches and sends them somewhere. */
public interface TracesExporter extends Component, TracesConsumer {}
