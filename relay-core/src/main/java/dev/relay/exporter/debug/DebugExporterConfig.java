package dev.relay.exporter.debug;

/** Settings of the {@code debug} exporter. */
record DebugExporterConfig(Verbosity verbosity) {
  /** How much is logged per batch. */
  public enum Verbosity {
    /** One line per batch: counts. */
    BASIC,
    /** One line per span and per span event. */
    NORMAL,
    /** One JSON object per span, with its resource, attributes and events. */
    DETAILED
  }
}
