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
    setDefault("org.slf4j.simpleLogger.log.io.grpc", "warn");
    setDefault("org.slf4j.simpleLogger.log.reactor", "warn");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
