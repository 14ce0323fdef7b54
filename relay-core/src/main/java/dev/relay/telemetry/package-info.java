/**
 * The relay's own telemetry: meter names shared by components ({@link dev.relay.telemetry.Meters}), a log throttle
 * against log floods ({@link dev.relay.telemetry.ThrottlingLogger}), and {@link dev.relay.telemetry.MeterOwner}, which
 * finds and removes a stopped component's meters by its tag. All three are for component authors.
 */
package dev.relay.telemetry;
