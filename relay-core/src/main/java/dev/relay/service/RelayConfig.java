package dev.relay.service;

import dev.relay.component.ComponentId;
import dev.relay.component.ExporterFactory;
import dev.relay.component.PipelineId;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.ReceiverFactory;
import java.time.Duration;
import java.util.Map;

/**
 * A validated configuration: every component parsed by its factory, every pipeline's references resolved. The
 * pipeline graph is built from this alone, so a new one can be built from a new file while the process runs.
 * {@code adminHost} is null when the admin server is turned off; {@code activity} configures its
 * {@code /activity/stream}.
 */
public record RelayConfig(
    String file,
    Map<ComponentId, Configured<ReceiverFactory<?>>> receivers,
    Map<ComponentId, Configured<ProcessorFactory<?>>> processors,
    Map<ComponentId, Configured<ExporterFactory<?>>> exporters,
    Map<PipelineId, PipelineConfig> pipelines,
    Duration shutdownTimeout,
    String adminHost,
    int adminPort,
    dev.relay.admin.ActivityConfig activity) {}
