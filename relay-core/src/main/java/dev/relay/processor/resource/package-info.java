/**
 * The {@code resource} processor: the Collector's attribute actions ({@link dev.relay.attraction}) on resource
 * attributes, for traces and logs.
 *
 * <p>Only the factory and its config record are public; the processors are package-private.
 */
package dev.relay.processor.resource;
