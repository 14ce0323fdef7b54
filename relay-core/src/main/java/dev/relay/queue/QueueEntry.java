package dev.relay.queue;

/**
 * An item taken from an {@link ExportQueue}, to be handed back with {@link ExportQueue#done} once it is delivered or
 * given up on. {@code position} is the queue's own bookkeeping.
 */
public record QueueEntry<T>(T item, long position) {}
