package dev.relay.app;

import dev.relay.app.logging.BackgroundStderr;
import dev.relay.app.logging.LogSettings;
import dev.relay.app.logging.RelayLogProvider;
import dev.relay.service.ServiceTelemetry;
import java.time.Duration;

/**
 * Sets up logging before the first logger exists: Relay's provider over slf4j-simple (timestamps, levels, quiet
 * libraries), and later, once the config is read, {@code service.telemetry.logs} (level, encoding, fields).
 */
final class Logging {
  /** How long an exit waits for stderr to take what was logged; a stderr stalled for longer loses the rest. */
  private static final Duration EXIT_FLUSH = Duration.ofSeconds(5);

  private Logging() {}

  static void configure() {
    LibraryDefaults.setDefault("slf4j.provider", RelayLogProvider.class.getName());
    // SLF4J would say on stderr, in its own format, that it loads the provider named above.
    LibraryDefaults.setDefault("slf4j.internal.verbosity", "WARN");
    // slf4j-simple lets everything through; RelayLogger applies service.telemetry.logs.level (default info).
    LibraryDefaults.setDefault("org.slf4j.simpleLogger.defaultLogLevel", "trace");
    LibraryDefaults.setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    LibraryDefaults.setDefault("org.slf4j.simpleLogger.dateTimeFormat", BackgroundStderr.TEXT_TIMESTAMP_PATTERN);
    LibraryDefaults.setDefault("org.slf4j.simpleLogger.showThreadName", "false");
    LibraryDefaults.setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    LibraryDefaults.setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
    // Libraries log every reconnect attempt; the relay logs outages once itself.
    LibraryDefaults.setDefault("org.slf4j.simpleLogger.log.io.lettuce", "error");
    LibraryDefaults.setDefault("org.slf4j.simpleLogger.log.io.netty", "warn");
    // Only gRPC speaks HTTP/2 here; its codec was as quiet as the rest of gRPC when gRPC had its own Netty.
    LibraryDefaults.setDefault("org.slf4j.simpleLogger.log.io.netty.handler.codec.http2", "error");
    // gRPC warns once per oversized or malformed message; the relay counts those itself.
    LibraryDefaults.setDefault("org.slf4j.simpleLogger.log.io.grpc", "error");
    LibraryDefaults.setDefault("org.slf4j.simpleLogger.log.reactor", "warn");
    // gRPC logs through java.util.logging: route it to the same place.
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
  }

  /** Holds log lines while the config that says how to write them is read; see {@link #apply} and {@link #release}. */
  static void hold() {
    LogSettings.hold();
  }

  /** Applies {@code service.telemetry.logs}, then writes what was held; loggers made before follow it too. */
  static void apply(ServiceTelemetry.Logs logs) {
    LogSettings.apply(logs.level(), logs.json(), logs.initialFields());
  }

  /** Writes what was held as console lines: the config could not be read. */
  static void release() {
    LogSettings.release();
  }

  /**
   * From now on, lines printed to {@code System.err} are written by a background thread, so that a stalled stderr
   * blocks no thread that logs (a Netty event loop): for {@code relay run} once its config is valid. What was
   * printed before (config faults) was written at once.
   */
  static void writeInBackground() {
    BackgroundStderr.install();
  }

  /** Before the process ends, or before a line printed straight to stderr: writes what is queued, in order. */
  static void flush() {
    BackgroundStderr.flush(EXIT_FLUSH);
  }
}
