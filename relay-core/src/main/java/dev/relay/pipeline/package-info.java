/**
 * Wires components into running pipelines. {@link dev.relay.pipeline.PipelineGraph} builds the graph from a
 * {@link dev.relay.service.RelayConfig} alone (so a new graph can be built from a new file while the process runs),
 * starts exporters first and receivers last, and stops in the reverse order. {@link
 * dev.relay.pipeline.FanOutConsumer} hands one batch to several consumers; batches are immutable, so no copy is
 * needed even when a processor downstream builds a changed batch. Each pipeline, of whichever signal, has a
 * {@link dev.relay.pipeline.TapPoint} before its exporters, where {@code /tap} watches.
 */
package dev.relay.pipeline;
