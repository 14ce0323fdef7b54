/** Bounded queues between the receivers and each exporter's senders. */
package dev.relay.queue;
