package dev.relay.receiver.nop;

import dev.relay.component.Component;
import dev.relay.component.ComponentId;
import dev.relay.component.ReceiverFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.ConfigMap;
import dev.relay.consumer.Consumers;
import dev.relay.otlp.Signal;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code nop} type, as the Collector's {@code nopreceiver}: it takes no settings, listens nowhere and produces
 * nothing. Collector files use it where a pipeline needs a receiver that sends nothing (test and template configs).
 */
public final class NopReceiverFactory implements ReceiverFactory<NopReceiverFactory.Settings> {
  /** The nop receiver has no settings. */
  public record Settings() {}

  @Override
  public String type() {
    return "nop";
  }

  @Override
  public Settings parseConfig(ConfigMap cfg) {
    cfg.rejectUnknown();
    return new Settings();
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.allOf(Signal.class);
  }

  @Override
  public Component createReceiver(ComponentId id, Settings config, Consumers next, TelemetrySettings telemetry) {
    return () -> "nop: receives nothing";
  }
}
