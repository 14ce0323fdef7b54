package dev.relay.processor.probabilisticsampler;

/** Where an item's randomness came from, as the Collector names it in its {@code policy} metric attribute. */
enum Policy {
  TRACE_ID_HASH("trace_id_hash"),
  TRACE_ID_W3C("trace_id_w3c"),
  SAMPLING_RANDOMNESS("sampling_randomness"),
  SAMPLING_PRIORITY("sampling_priority"),
  MISSING_RANDOMNESS("missing_randomness"),
  /** A log record attribute ({@code from_attribute}); the metric names the attribute. */
  ATTRIBUTE(null);

  private final String label;

  Policy(String label) {
    this.label = label;
  }

  String label(String fromAttribute) {
    return label == null ? fromAttribute : label;
  }
}
