package dev.relay.exporter.debug;

/**
 * Settings of the {@code debug} exporter (and of {@code logging}, its former name): how much is logged, and how
 * batches are sampled: each second the first {@code samplingInitial} batches of a signal are logged, then every
 * {@code samplingThereafter}th.
 */
record DebugExporterConfig(Verbosity verbosity, int samplingInitial, int samplingThereafter) {
  static final int DEFAULT_SAMPLING_INITIAL = 2;
  static final int DEFAULT_SAMPLING_THEREAFTER = 1;

  /** With the Collector's default sampling, which logs every batch. */
  DebugExporterConfig(Verbosity verbosity) {
    this(verbosity, DEFAULT_SAMPLING_INITIAL, DEFAULT_SAMPLING_THEREAFTER);
  }

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
