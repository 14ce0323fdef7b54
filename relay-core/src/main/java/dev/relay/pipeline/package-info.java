/**
 * Wires components into running pipelines. {@link dev.relay.pipeline.PipelineGraph} builds the graph from a
 * {@link dev.relay.pipeline.GraphConfig} alone, starts exporters first and receivers last, stops in the reverse
 * order and removes each stopped component's meters. {@link dev.relay.pipeline.FanOutConsumer} hands one batch to
 * several consumers; batches are immutable, so no copy is needed even when a processor downstream builds a changed
 * batch. Each pipeline, of whichever signal, has a {@link dev.relay.pipeline.TapPoint} before its exporters, where
 * {@code /tap} watches. {@link dev.relay.pipeline.PipelineGraph#reload} applies a new config to the running graph
 * ({@code GraphReload}: receivers feed a {@code SwitchConsumer} turned to new pipelines in one write);
 * {@link dev.relay.pipeline.ConfigDiff} says what a reload changes.
 *
 * <p>Not an extension point: components never see the graph. {@link dev.relay.pipeline.GraphConfig} and {@link
 * dev.relay.pipeline.Configured} are what the service's config loader produces for it.
 */
package dev.relay.pipeline;
