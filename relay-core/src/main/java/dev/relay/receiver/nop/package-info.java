/**
 * The {@code nop} receiver, as in the Collector: takes no settings and produces nothing. Only the factory (and its
 * empty settings record) is public.
 */
package dev.relay.receiver.nop;
