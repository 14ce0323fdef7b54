/**
 * Bounded queues between the receivers and each exporter's senders: in memory, or an append-only, checksummed log
 * on disk that survives a restart.
 */
package dev.relay.queue;
