/**
 * Attribute actions as the Collector's {@code attributes} and {@code resource} processors take them (its
 * {@code internal/coreinternal/attraction}): {@code insert}, {@code update}, {@code upsert}, {@code delete},
 * {@code hash}, {@code extract} and {@code convert}, read from config once (values typed, regexes compiled) and
 * applied in order to one list of attributes at a time.
 *
 * <p>The API: {@link dev.relay.attraction.AttributeActions} (read and apply), {@link
 * dev.relay.attraction.AttributeEditor} (the attributes of a span, a resource or a log record being changed) and
 * {@link dev.relay.attraction.Patterns} (RE2 patterns compiled at a config node and run under a work budget, which
 * include/exclude matching shares). The actions themselves are package-private.
 */
package dev.relay.attraction;
