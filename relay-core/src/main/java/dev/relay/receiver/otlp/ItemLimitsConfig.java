package dev.relay.receiver.otlp;

import dev.relay.config.ConfigMap;
import dev.relay.otlp.ItemLimits;

/**
 * The {@code otlp} receiver's {@code limits}: the OpenTelemetry SDK's span and log limits, applied to what clients
 * send, with the SDK's defaults (128 attributes, events and links; no value length limit).
 */
final class ItemLimitsConfig {
  static final int DEFAULT_COUNT = 128;
  static final ItemLimits DEFAULTS = new ItemLimits(DEFAULT_COUNT, 0, DEFAULT_COUNT, DEFAULT_COUNT, true);

  private ItemLimitsConfig() {}

  static ItemLimits parse(ConfigMap m) {
    int attributes = (int) m.integer("attribute_count", DEFAULT_COUNT, 0, Integer.MAX_VALUE);
    int valueLength = (int) m.integer("attribute_value_length", 0, 0, Integer.MAX_VALUE);
    int events = (int) m.integer("span_event_count", DEFAULT_COUNT, 0, Integer.MAX_VALUE);
    int links = (int) m.integer("span_link_count", DEFAULT_COUNT, 0, Integer.MAX_VALUE);
    String action = m.string("action", "truncate");
    if (!action.equals("truncate") && !action.equals("refuse")) {
      m.problem("action", "must be truncate or refuse, found '" + action + "'");
    }
    m.rejectUnknown();
    return new ItemLimits(attributes, valueLength, events, links, !action.equals("refuse"));
  }
}
