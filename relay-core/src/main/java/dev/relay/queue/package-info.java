/**
 * Bounded queues between the receivers and each exporter's senders: in memory, or an append-only, checksummed log
 * on disk that survives a restart.
 *
 * <p>Used by the exporter helper only: {@link dev.relay.queue.ExportQueue} with its two forms; the persistent queue's
 * parts (record format, segments, recovery, fsync, cursor) are package-private.
 */
package dev.relay.queue;
