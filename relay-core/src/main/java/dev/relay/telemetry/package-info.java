/** The relay's own telemetry: meter naming shared by components, and a log throttle against log floods. */
package dev.relay.telemetry;
