/**
 * The {@code probabilistic_sampler} processor: the Collector's stateless per-item sampling of spans and log
 * records, in its three modes ({@code hash_seed}, {@code proportional}, {@code equalizing}), making the same
 * decision as the Collector for the same trace id, seed and percentage, and writing the same W3C tracestate
 * ({@code ot=rv:…;th:…}) or log attributes.
 *
 * <p>Only the factory and its config record are public; everything else is package-private.
 */
package dev.relay.processor.probabilisticsampler;
