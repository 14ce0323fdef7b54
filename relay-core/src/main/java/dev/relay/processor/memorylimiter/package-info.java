/**
 * The {@code memory_limiter} processor: Collector-compatible {@code check_interval}, {@code limit_mib},
 * {@code spike_limit_mib}, {@code limit_percentage} and {@code spike_limit_percentage}. While the heap in use is at
 * or above {@code limit - spike}, batches are refused with a retryable error (gRPC {@code UNAVAILABLE}); at the
 * hard limit a GC is forced. Percentages are of the max heap ({@code Runtime.maxMemory()}).
 *
 * <p>Only the factory is public (and, where a benchmark or another component reads it, the config record);
 * everything else is package-private.
 */
package dev.relay.processor.memorylimiter;
