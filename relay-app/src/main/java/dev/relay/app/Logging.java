package dev.relay.app;

/** Sets up slf4j-simple before the first logger exists: timestamps, levels, and quiet libraries. */
final class Logging {
  private Logging() {}

  static void configure() {
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
    setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setDefault("org.slf4j.simpleLogger.showThreadName", "false");
    setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
    // Libraries log every reconnect attempt; the relay logs outages once itself.
    setDefault("org.slf4j.simpleLogger.log.io.lettuce", "error");
    setDefault("org.slf4j.simpleLogger.log.io.netty", "warn");
    // Only gRPC speaks HTTP/2 here; its codec was as quiet as the rest of gRPC when gRPC had its own Netty.
    setDefault("org.slf4j.simpleLogger.log.io.netty.handler.codec.http2", "error");
    // gRPC warns once per oversized or malformed message; the relay counts those itself.
    setDefault("org.slf4j.simpleLogger.log.io.grpc", "error");
    setDefault("org.slf4j.simpleLogger.log.reactor", "warn");
    // gRPC logs through java.util.logging: route it to the same place.
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
