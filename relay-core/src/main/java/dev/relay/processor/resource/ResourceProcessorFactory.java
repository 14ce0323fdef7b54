package dev.relay.processor.resource;

import dev.relay.attraction.AttributeActions;
import dev.relay.component.ComponentId;
import dev.relay.component.LogsProcessor;
import dev.relay.component.MetricsProcessor;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.ConfigMap;
import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.Signal;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code resource} type: {@code attributes}, a list of actions, as in the Collector. */
public final class ResourceProcessorFactory implements ProcessorFactory<ResourceConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceProcessorFactory.class);

  @Override
  public String type() {
    return "resource";
  }

  @Override
  public ResourceConfig parseConfig(ConfigMap cfg) {
    AttributeActions actions = AttributeActions.read(cfg, "attributes");
    cfg.rejectUnknown();
    return new ResourceConfig(actions);
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.allOf(Signal.class);
  }

  @Override
  public TracesProcessor createTracesProcessor(
      ComponentId id, ResourceConfig config, TracesConsumer next, TelemetrySettings telemetry) {
    warnAboutContext(id, config);
    return new ResourceTracesProcessor(config, next);
  }

  @Override
  public LogsProcessor createLogsProcessor(
      ComponentId id, ResourceConfig config, LogsConsumer next, TelemetrySettings telemetry) {
    warnAboutContext(id, config);
    return new ResourceLogsProcessor(config, next);
  }

  @Override
  public MetricsProcessor createMetricsProcessor(
      ComponentId id, ResourceConfig config, MetricsConsumer next, TelemetrySettings telemetry) {
    warnAboutContext(id, config);
    return new ResourceMetricsProcessor(config, next);
  }

  static void warnAboutContext(ComponentId id, ResourceConfig config) {
    if (!config.actions().contextKeys().isEmpty()) {
      LOG.info("{}: from_context {} reads the client's metadata, which the receiver passes on with include_metadata"
          + " (client.address and auth.* resolve to nothing: those actions use their default_value or do nothing)",
          id, config.actions().contextKeys());
    }
  }
}
