/**
 * The {@code redis} exporter: evaluates each route (an OTTL condition in the span-event context) against every event
 * of every span and publishes one JSON message per selected event with PUBLISH, through Lettuce, pipelined and
 * without blocking. Redis is best effort: while it is unreachable, messages are dropped and counted, never queued
 * up to be replayed as stale bursts, and Redis never pushes back on the receiver. A name a placeholder renders is
 * checked per message ({@code ChannelNames}): no value may make it a glob, split a line or overrun its length limit.
 *
 * <p>Only the factory is public (and, where a benchmark or another component reads it, the config record);
 * everything else is package-private.
 */
package dev.relay.exporter.redis;
