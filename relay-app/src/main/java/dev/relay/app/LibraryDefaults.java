package dev.relay.app;

import java.util.Map;

/**
 * System properties that switch off what the relay's libraries do by default and the relay does not use, set before
 * any of them is loaded. A property given on the command line ({@code -Dkey=value}, e.g. through
 * {@code RELAY_JAVA_OPTS}) wins.
 *
 * <p>Netty 4.2 and Lettuce both emit JDK Flight Recorder events when JFR is present. Netty's buffer events alone
 * make the JVM load and initialise JFR's event metadata (about 150 classes, a megabyte of heap and metaspace) in
 * every relay, recording or not. Someone profiling the relay with JFR can turn them back on.
 */
final class LibraryDefaults {
  /** Each library's switch, and the value the relay runs with. */
  static final Map<String, String> PROPERTIES = Map.of(
      "io.netty.jfr.enabled", "false",
      "io.lettuce.core.jfr", "false");

  private LibraryDefaults() {}

  /** Sets every property the command line left unset. Call first, before a Netty or Lettuce class is loaded. */
  static void apply() {
    PROPERTIES.forEach(LibraryDefaults::setDefault);
  }

  /** Sets a system property unless the command line gave it. */
  static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
