/**
 * The {@code attributes} processor: the Collector's attribute actions ({@link dev.relay.attraction}) on span and
 * log record attributes, limited by {@code include}/{@code exclude} match properties (its {@code filterconfig}:
 * services, span names and kinds, log bodies and severities, attributes, resources, libraries; strict or regexp).
 *
 * <p>Only the factory and its config record are public; matching and the processors are package-private.
 */
package dev.relay.processor.attributes;
