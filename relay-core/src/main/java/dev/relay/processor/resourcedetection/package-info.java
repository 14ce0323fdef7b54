/**
 * The {@code resourcedetection} processor: adds what the {@code env} detector ({@code OTEL_RESOURCE_ATTRIBUTES})
 * and the {@code system} detector ({@code host.name}, {@code os.type}, {@code host.id}) find, once at start, to
 * the resource of every span and log record, with the Collector's keys and merge rules.
 *
 * <p>Only the factory and its config record are public; everything else is package-private.
 */
package dev.relay.processor.resourcedetection;
