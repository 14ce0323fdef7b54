/**
 * Relay's own SLF4J backend: {@link dev.relay.app.logging.RelayLogProvider}, chosen with the {@code slf4j.provider}
 * system property, and {@link dev.relay.app.logging.LogSettings}, which {@code service.telemetry.logs} sets once the
 * config is read. Console lines are slf4j-simple's; JSON lines are one object each. Loggers made before the config
 * was read follow it too: each call reads the current settings. {@link dev.relay.app.logging.BackgroundStderr} makes
 * {@code System.err} a bounded queue that one thread writes to the real stderr, for {@code relay run}: a stalled
 * stderr then costs dropped (and counted) lines instead of blocked threads.
 */
package dev.relay.app.logging;
