package dev.relay.component;

import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.consumer.TracesConsumer;

/**
 * An exporter: a component that consumes batches and sends them somewhere. One instance serves every pipeline that
 * lists it, whatever the signal; it is only handed the signals its factory supports ({@link ExporterFactory#signals}).
 */
public interface Exporter extends Component, TracesConsumer, LogsConsumer, MetricsConsumer {}
