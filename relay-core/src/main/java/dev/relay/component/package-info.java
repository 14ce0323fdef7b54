/**
 * The component model, shaped like the Collector's: each receiver, processor and exporter type is a factory that
 * parses and validates its own config record and creates instances; {@link dev.relay.component.Components} is the
 * registry of known types.
 *
 * <p>The extension API, all of it public: {@link dev.relay.component.ReceiverFactory}, {@link
 * dev.relay.component.ProcessorFactory} and {@link dev.relay.component.ExporterFactory} (with {@link
 * dev.relay.component.ComponentFactory}), what they create ({@link dev.relay.component.Component}, {@link
 * dev.relay.component.Exporter}, the per-signal processors), the ids, and {@link
 * dev.relay.component.TelemetrySettings}, the shared resources a component is handed. A component tags every meter
 * it registers with its kind and id ({@code exporter="otlp/tempo"}): the graph removes them by that tag when the
 * component stops.
 */
package dev.relay.component;
