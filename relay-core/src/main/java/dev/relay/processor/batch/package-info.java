/**
 * The {@code batch} processor: Collector-compatible {@code timeout}, {@code send_batch_size}, {@code
 * send_batch_max_size}, {@code metadata_keys} and {@code metadata_cardinality_limit}, for traces, logs and metrics.
 * Requests are put together by concatenating their serialized bytes, so nothing is re-encoded; a batch goes on when
 * it is full (on the thread whose request filled it) or when its time is up (on one timer thread per processor).
 *
 * <p>Only the factory and its config record are public (the benchmarks build one); everything else is
 * package-private.
 */
package dev.relay.processor.batch;
