package dev.relay.processor.attributes;

import dev.relay.attraction.AttributeActions;
import dev.relay.component.ComponentId;
import dev.relay.component.LogsProcessor;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.ConfigMap;
import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.Signal;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code attributes} type: {@code actions}, and {@code include}/{@code exclude}, as in the Collector. A match
 * that suits only spans (or only log records) is a fault when the processor is built for a pipeline of the other
 * signal, as the Collector reports it then.
 */
public final class AttributesProcessorFactory implements ProcessorFactory<AttributesConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(AttributesProcessorFactory.class);

  @Override
  public String type() {
    return "attributes";
  }

  @Override
  public AttributesConfig parseConfig(ConfigMap cfg) {
    AttributeActions actions = AttributeActions.read(cfg, "actions");
    MatchProperties include = MatchReader.read(cfg.get("include"));
    MatchProperties exclude = MatchReader.read(cfg.get("exclude"));
    cfg.rejectUnknown();
    return new AttributesConfig(actions, include, exclude);
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.of(Signal.TRACES, Signal.LOGS);
  }

  @Override
  public TracesProcessor createTracesProcessor(
      ComponentId id, AttributesConfig config, TracesConsumer next, TelemetrySettings telemetry) {
    refuse(config.include(), true);
    refuse(config.exclude(), true);
    warnAboutContext(id, config);
    return new AttributesTracesProcessor(config, next);
  }

  @Override
  public LogsProcessor createLogsProcessor(
      ComponentId id, AttributesConfig config, LogsConsumer next, TelemetrySettings telemetry) {
    refuse(config.include(), false);
    refuse(config.exclude(), false);
    warnAboutContext(id, config);
    return new AttributesLogsProcessor(config, next);
  }

  private static void refuse(MatchProperties match, boolean spans) {
    String fault = match == null ? null : spans ? match.notForSpans() : match.notForLogs();
    if (fault != null) {
      throw new IllegalArgumentException(fault);
    }
  }

  private static void warnAboutContext(ComponentId id, AttributesConfig config) {
    if (!config.actions().contextKeys().isEmpty()) {
      LOG.info("{}: from_context {} reads the request's auth.* (from the receiver's authenticator) and client metadata"
          + " (which the receiver passes on with include_metadata); client.address resolves to nothing: those"
          + " actions use their default_value or do nothing", id, config.actions().contextKeys());
    }
  }
}
